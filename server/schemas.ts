import { z } from 'zod';
import { ApiError } from './apiError';
import { isSafeReturnPath } from './returnPath';

/*
 * Every body is a strict object: a field the server does not know is refused (400), never kept.
 * What the server stores and fingerprints is the parsed value, so its size is bounded by these
 * schemas, not by whatever a client sends along.
 */

export const createBookingSchema = z.strictObject({
  resourceId: z.string().min(1).max(64),
  start: z.number().positive(),
  durationMinutes: z.number().int().min(15).max(480),
  bookingType: z.enum(['FIRM', 'TENTATIVE']),
});
export type CreateBookingInput = z.infer<typeof createBookingSchema>;

/** Cancel takes no fields: no body, or `{}`. */
export const cancelBookingSchema = z.strictObject({}).optional();

/** A path on this site: the 3-D Secure page can send the user nowhere else (see returnPath.ts). */
export const returnPathSchema = z
  .string()
  .max(512)
  .refine(isSafeReturnPath, 'must be a path on this site');

export const confirmPaymentSchema = z.strictObject({
  paymentMethodId: z.string().min(1).max(128),
  returnPath: returnPathSchema.optional(),
});
export type ConfirmPaymentInput = z.infer<typeof confirmPaymentSchema>;

/** Ids the server issues: 1-128 characters of `A-Z a-z 0-9 _ -`, a letter or digit first. */
const SERVER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export const authenticateSchema = z.strictObject({
  outcome: z.enum(['approve', 'deny']),
  /** The id of the payment's pending challenge, from the challenge URL. */
  challengeId: z.string().min(1).max(64),
});

const delayMs = z.number().int().min(0).max(120_000);
const count = z.number().int().min(0).max(10_000);

export const faultSettingsSchema = z.strictObject({
  failNextBookings: count.optional(),
  responseDelayMs: delayMs.optional(),
  bookingDelayMs: delayMs.optional(),
  dropAllSockets: z.boolean().optional(),
  pauseRealtimeMs: delayMs.optional(),
  duplicateStatusEvents: z.boolean().optional(),
  reorderStatusEvents: z.boolean().optional(),
  dropNextStatusEvents: count.optional(),
  loseNextResponses: count.optional(),
});
export type FaultSettingsInput = z.infer<typeof faultSettingsSchema>;

/**
 * `flows:subscribe` and `flows:unsubscribe`; the caps keep one message's work bounded. An id
 * that no server could have issued is refused with the message, not echoed back in `rejected`.
 */
export const bookingIdsSchema = z.strictObject({
  bookingIds: z
    .array(z.string().min(1).max(128).regex(SERVER_ID, 'is not a booking id'))
    .max(10_000),
});

/** Validates a body, or throws 400 `invalid_request` whose message names the first bad field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new ApiError(400, 'invalid_request', describeFirstIssue(result.error, 'body'));
}

/** `<field>: <reason>` for the first issue; `whole` names the value itself. */
export function describeFirstIssue(error: z.ZodError, whole: string): string {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  return `${path === '' ? whole : path}: ${issue?.message ?? 'is invalid'}`;
}
