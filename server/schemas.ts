import { z } from 'zod';
import { ApiError } from './apiError';

export const createBookingSchema = z.object({
  resourceId: z.string().min(1).max(64),
  start: z.number().positive(),
  durationMinutes: z.number().int().min(15).max(480),
  bookingType: z.enum(['FIRM', 'TENTATIVE']),
});
export type CreateBookingInput = z.infer<typeof createBookingSchema>;

export const confirmPaymentSchema = z.object({
  paymentMethodId: z.string().min(1),
});

export const authenticateSchema = z.object({
  outcome: z.enum(['approve', 'deny']),
});

const delayMs = z.number().int().min(0).max(120_000);

export const faultSettingsSchema = z.object({
  failNextBookings: z.number().int().min(0).optional(),
  responseDelayMs: delayMs.optional(),
  bookingDelayMs: delayMs.optional(),
});

/** Validates a body, or throws 400 `invalid_request` whose message names the first bad field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  const field = path === '' ? 'body' : path;
  throw new ApiError(400, 'invalid_request', `${field}: ${issue?.message ?? 'is invalid'}`);
}
