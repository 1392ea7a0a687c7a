import { z } from 'zod';

/**
 * The bench's own socket message, `bench:burst`: the event server answers it with `count`
 * `payment:status` events, round-robin over the ids, seq rising per payment from `startSeq`.
 * With `ratePerSecond` the events are spread evenly instead of sent as fast as possible.
 */
export const burstRequestSchema = z.object({
  paymentIds: z.array(z.string().min(1)).min(1),
  bookingIds: z.array(z.string().min(1)).min(1),
  count: z.number().int().positive().max(1_000_000),
  startSeq: z.number().int().nonnegative(),
  status: z.enum(['awaitingPayment', 'processing']).default('processing'),
  ratePerSecond: z.number().positive().max(1_000_000).optional(),
});

export type BurstRequest = z.input<typeof burstRequestSchema>;

export const BURST_EVENT = 'bench:burst';

/** What the child process sends its parent over IPC once it listens. */
export const readyMessageSchema = z.object({ type: z.literal('ready'), port: z.number().int() });

/** Shaped like the demo server's ids (a prefix and 20 hex digits), so sizes are realistic. */
export const paymentIdOf = (index: number): string => `pay_${index.toString(16).padStart(20, '0')}`;
export const bookingIdOf = (index: number): string => `bk_${index.toString(16).padStart(20, '0')}`;

/** Wall-clock epoch ms with sub-millisecond resolution, comparable across local processes. */
export const preciseNow = (): number => performance.timeOrigin + performance.now();

/** The seq the event at `eventIndex` of a burst carries, over `payments` payments. */
export function seqOfEvent(eventIndex: number, payments: number, startSeq: number): number {
  return startSeq + Math.floor(eventIndex / payments);
}

/** The burst's last event: its payment index and seq (every other payment's is no later). */
export function lastEventOf(count: number, payments: number, startSeq: number) {
  const eventIndex = count - 1;
  return { paymentIndex: eventIndex % payments, seq: seqOfEvent(eventIndex, payments, startSeq) };
}

/** The seq every payment holds once the whole burst is applied (startSeq - 1 if untouched). */
export function finalSeqOf(
  paymentIndex: number,
  count: number,
  payments: number,
  startSeq: number,
) {
  if (paymentIndex >= count) return startSeq - 1;
  return seqOfEvent(count - 1 - ((count - 1 - paymentIndex) % payments), payments, startSeq);
}
