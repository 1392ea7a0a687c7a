import * as z from 'zod/mini';
import { paymentSnapshotSchema, safeIdSchema } from '../apiSchemas.js';

/** `payment:status`: a snapshot that always names its booking. */
export const paymentStatusEventSchema = z.extend(paymentSnapshotSchema, {
  bookingId: safeIdSchema,
});

/** The acknowledgement of `flows:subscribe`: the authoritative status of each booking. */
export const subscribeAckSchema = z.object({
  snapshots: z.array(paymentSnapshotSchema),
  rejected: z._default(z.array(z.object({ bookingId: z.string(), code: z.string() })), []),
});
