import { z } from 'zod';
import { paymentSnapshotSchema } from '../apiSchemas';

/** `payment:status`: a snapshot that always names its booking. */
export const paymentStatusEventSchema = paymentSnapshotSchema.extend({
  bookingId: z.string().min(1),
});

/** The acknowledgement of `flows:subscribe`: the authoritative status of each booking. */
export const subscribeAckSchema = z.object({
  snapshots: z.array(paymentSnapshotSchema),
  rejected: z.array(z.object({ bookingId: z.string(), code: z.string() })).default([]),
});

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`)
    .join('; ');
}
