import type { PaymentStatusUpdate } from '../types.js';

export interface PendingLimits {
  maxCount: number;
  maxAgeMs: number;
}

interface Held {
  update: PaymentStatusUpdate;
  receivedAt: number;
}

/**
 * Status events for a payment no flow is linked to yet, kept briefly in case the link (the
 * booking response) is still on its way. Bounded in count and age; what falls out is reported.
 */
export function createPendingUpdates(limits: PendingLimits, now: () => number) {
  let held: Held[] = [];

  function dropExpired(): PaymentStatusUpdate[] {
    const cutoff = now() - limits.maxAgeMs;
    const expired = held.filter((item) => item.receivedAt < cutoff).map((item) => item.update);
    if (expired.length > 0) held = held.filter((item) => item.receivedAt >= cutoff);
    return expired;
  }

  return {
    /** Keeps `update`; returns what had to be dropped (too old, or over the count). */
    hold(update: PaymentStatusUpdate): PaymentStatusUpdate[] {
      const dropped = dropExpired();
      held.push({ update, receivedAt: now() });
      const overflow = held.length - limits.maxCount;
      if (overflow > 0) dropped.push(...held.splice(0, overflow).map((item) => item.update));
      return dropped;
    },
    /** Hands over, and forgets, every held update for the now-linked payment. */
    release(paymentId: string): PaymentStatusUpdate[] {
      dropExpired();
      const released = held.filter((item) => item.update.paymentId === paymentId);
      if (released.length > 0) held = held.filter((item) => item.update.paymentId !== paymentId);
      return released.map((item) => item.update);
    },
    get size(): number {
      return held.length;
    },
  };
}

export type PendingUpdates = ReturnType<typeof createPendingUpdates>;
