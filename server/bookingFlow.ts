import { ApiError, notFound } from './apiError';
import { priceForDuration } from './bookings';
import type { HoldManager } from './holds';
import { quotaExceeded } from './idempotency';
import type { CreateBookingInput } from './schemas';
import type { DemoStore } from './store';
import type { BookingCreated, BookingStatus, DemoStats, PaymentStatus } from './wireTypes';

/** Payment statuses that a cancellation may still stop; money is moving in the others. */
const CANCELLABLE_PAYMENT_STATUSES: ReadonlySet<PaymentStatus> = new Set([
  'awaitingPayment',
  'requiresAction',
  'failed',
]);

export interface BookingFlowDeps {
  store: DemoStore;
  holds: HoldManager;
  stats: DemoStats;
  holdMs: number;
  /** The most bookings one owner may make; past it, 429 quota_exceeded. */
  maxRecordsPerOwner: number;
}

/** Creating bookings (FIRM ones with a held slot and a payment) and releasing them. */
export class BookingFlow {
  constructor(private readonly deps: BookingFlowDeps) {}

  /** For a new key, before it is recorded: a refusal here is not kept against the key. */
  assertQuota(owner: string): void {
    if (this.deps.store.bookings.countOf(owner) >= this.deps.maxRecordsPerOwner) {
      throw quotaExceeded();
    }
  }

  create(input: CreateBookingInput, owner: string): BookingCreated {
    const { store, holds, stats, holdMs } = this.deps;
    this.assertQuota(owner);
    stats.bookingsCreated += 1;
    if (input.bookingType === 'TENTATIVE') {
      const booking = store.bookings.create(input, {
        status: 'confirmed',
        holdExpiresAt: null,
        amount: null,
        owner,
      });
      return { bookingId: booking.bookingId, status: booking.status, ...NO_PAYMENT };
    }
    const amount = priceForDuration(input.durationMinutes);
    const booking = store.bookings.create(input, {
      status: 'held',
      holdExpiresAt: Date.now() + holdMs,
      amount,
      owner,
    });
    const payment = store.payments.create(booking.bookingId, amount);
    store.bookings.attachPayment(booking.bookingId, payment.paymentId);
    holds.start(booking);
    return {
      bookingId: booking.bookingId,
      status: booking.status,
      holdExpiresAt: booking.holdExpiresAt,
      amount,
      payment: { paymentId: payment.paymentId, status: payment.status, seq: payment.seq },
    };
  }

  /**
   * Idempotent: a booking that is already cancelled or expired just reports its status. Another
   * owner's booking is `404`, exactly as an unknown one.
   */
  cancel(bookingId: string, owner: string): { bookingId: string; status: BookingStatus } {
    const { store, holds } = this.deps;
    if (store.bookings.get(bookingId)?.owner !== owner) throw notFound('booking', bookingId);
    holds.expireIfDue(bookingId);
    const booking = store.bookings.get(bookingId);
    if (booking === undefined) throw notFound('booking', bookingId);
    if (booking.status === 'cancelled' || booking.status === 'expired') {
      return { bookingId, status: booking.status };
    }
    const payment = booking.paymentId === null ? undefined : store.payments.get(booking.paymentId);
    if (payment !== undefined && !CANCELLABLE_PAYMENT_STATUSES.has(payment.status)) {
      throw new ApiError(
        409,
        'booking_not_cancellable',
        `The payment is ${payment.status}; the booking can no longer be cancelled.`,
      );
    }
    holds.release(bookingId);
    store.bookings.setStatus(bookingId, 'cancelled');
    if (payment !== undefined) store.payments.transition(payment.paymentId, 'cancelled');
    return { bookingId, status: 'cancelled' };
  }
}

const NO_PAYMENT = { holdExpiresAt: null, amount: null, payment: null } as const;
