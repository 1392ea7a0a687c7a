import { z } from 'zod';
import { SERVER_PAYMENT_STATUSES } from './statusMachine';

/** Every inbound payload is parsed here, at the boundary; nothing unparsed reaches the store. */

export const moneySchema = z.object({ value: z.number().int(), currency: z.string().min(3) });

export const flowErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  retriable: z.boolean(),
});

export const nextActionSchema = z.object({ type: z.literal('redirectToUrl'), url: z.string() });

export const paymentStatusSchema = z.enum(SERVER_PAYMENT_STATUSES);

export const paymentSnapshotSchema = z.object({
  paymentId: z.string().min(1),
  bookingId: z.string().min(1).optional(),
  status: paymentStatusSchema,
  seq: z.number().int().nonnegative(),
  occurredAt: z.number(),
  nextAction: nextActionSchema.optional(),
  failure: flowErrorSchema.optional(),
});

export const bookingResponseSchema = z.object({
  bookingId: z.string().min(1),
  status: z.string(),
  holdExpiresAt: z.number().nullable(),
  amount: moneySchema.nullable(),
  payment: z
    .object({ paymentId: z.string().min(1), status: paymentStatusSchema, seq: z.number().int() })
    .nullable(),
});

export const cancelResponseSchema = z.object({ bookingId: z.string(), status: z.string() });

export const savedPaymentMethodSchema = z.object({
  id: z.string(),
  brand: z.string(),
  last4: z.string().length(4),
  label: z.string(),
  behaviour: z.string().optional(),
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
