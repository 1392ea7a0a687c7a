import { z } from 'zod';
import { ApiError } from './apiError';

export const createBookingSchema = z.object({
  resourceId: z.string().min(1).max(64),
  start: z.number().positive(),
  durationMinutes: z.number().int().min(15).max(480),
  bookingType: z.enum(['FIRM', 'TENTATIVE']),
});
export type CreateBookingInput = z.infer<typeof createBookingSchema>;

/** A path on this site ('/…', never '//…'): the 3-D Secure page cannot redirect elsewhere. */
export const returnPathSchema = z
  .string()
  .max(512)
  .regex(/^\/(?!\/)/, 'must be a path on this site');

export const confirmPaymentSchema = z.object({
  paymentMethodId: z.string().min(1),
  returnPath: returnPathSchema.optional(),
});

export const authenticateSchema = z.object({
  outcome: z.enum(['approve', 'deny']),
});

const delayMs = z.number().int().min(0).max(120_000);

export const faultSettingsSchema = z.object({
  failNextBookings: z.number().int().min(0).optional(),
  responseDelayMs: delayMs.optional(),
  bookingDelayMs: delayMs.optional(),
  dropAllSockets: z.boolean().optional(),
  pauseRealtimeMs: delayMs.optional(),
  duplicateStatusEvents: z.boolean().optional(),
  reorderStatusEvents: z.boolean().optional(),
  dropNextStatusEvents: z.number().int().min(0).max(10_000).optional(),
  loseNextResponses: z.number().int().min(0).max(10_000).optional(),
});
export type FaultSettingsInput = z.infer<typeof faultSettingsSchema>;

/** `flows:subscribe` and `flows:unsubscribe`; the cap keeps one message's work bounded. */
export const bookingIdsSchema = z.object({
  bookingIds: z.array(z.string().min(1)).max(10_000),
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
