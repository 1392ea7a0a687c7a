import * as z from 'zod/mini';
import { SERVER_PAYMENT_STATUSES } from './statusMachine.js';

/**
 * Every inbound payload is parsed here, at the boundary; nothing unparsed reaches the store.
 * zod/mini: the same validation as classic zod at about a quarter of its bundle size.
 */

/**
 * Ids that come from outside (the server, storage, a URL) become object keys in the store's
 * indexes: a letter or digit first, so `__proto__` can never be one.
 */
export const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export const safeIdSchema = z.string().check(z.regex(SAFE_ID));

export function isSafeId(value: string): boolean {
  return SAFE_ID.test(value);
}

const SAME_ORIGIN = 'https://shop.invalid';
/** A path, not `//host` or `/\\host`, with no backslash or control character anywhere. */
const PLAIN_PATH = /^\/(?![/\\])[^\\\p{Cc}]*$/u;

/**
 * Browsers drop tabs and newlines from URLs and read `\\` as `/`: `/\\evil.example`,
 * `/%09/evil.example` (once a server decodes it) all lead off-site. A return path must stay on
 * the same origin as it is and once decoded.
 */
export function isSameOriginPath(path: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  return [path, decoded].every(
    (candidate) =>
      PLAIN_PATH.test(candidate) && new URL(candidate, SAME_ORIGIN).origin === SAME_ORIGIN,
  );
}

/** Where 3-D Secure may send the user back: a path on the shop's own site. */
export const returnPathSchema = z
  .string()
  .check(z.maxLength(512), z.refine(isSameOriginPath, 'must be a path on this site'));

export const moneySchema = z.object({
  value: z.int(),
  currency: z.string().check(z.minLength(3)),
});

export const flowErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  retriable: z.boolean(),
});

export const nextActionSchema = z.object({ type: z.literal('redirectToUrl'), url: z.string() });

export const paymentStatusSchema = z.enum(SERVER_PAYMENT_STATUSES);

export const paymentSnapshotSchema = z.object({
  paymentId: safeIdSchema,
  bookingId: z.optional(safeIdSchema),
  status: paymentStatusSchema,
  seq: z.int().check(z.nonnegative()),
  occurredAt: z.number(),
  amount: z.optional(moneySchema),
  nextAction: z.optional(nextActionSchema),
  failure: z.optional(flowErrorSchema),
});

export const bookingResponseSchema = z.object({
  bookingId: safeIdSchema,
  status: z.string(),
  holdExpiresAt: z.nullable(z.number()),
  amount: z.nullable(moneySchema),
  payment: z.nullable(
    z.object({ paymentId: safeIdSchema, status: paymentStatusSchema, seq: z.int() }),
  ),
});

export const cancelResponseSchema = z.object({
  bookingId: z.string(),
  status: z.enum(['cancelled', 'expired']),
});

export const savedPaymentMethodSchema = z.object({
  id: z.string(),
  brand: z.string(),
  last4: z.string().check(z.length(4)),
  label: z.string(),
  behaviour: z.optional(z.string()),
});

export const paymentMethodsResponseSchema = z.object({
  paymentMethods: z.array(savedPaymentMethodSchema),
});

export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

export type BookingResponse = z.infer<typeof bookingResponseSchema>;
export type PaymentSnapshot = z.infer<typeof paymentSnapshotSchema>;
export type SavedPaymentMethod = z.infer<typeof savedPaymentMethodSchema>;

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    default:
      return issue.code;
  }
}

/** Why a payload was refused, in words a log reader can act on: `seq: expected number`. */
export function describeIssues(error: { issues: readonly Issue[] }): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'payload'}: ${describeIssue(issue)}`)
    .join('; ');
}
