import type { BookingRecord } from './bookings';
import type { DemoStore } from './store';
import type { TimerRegistry } from './timers';
import type { PaymentStatus } from './wireTypes';

/** A hold only lapses while nobody is paying; a processing or settled payment keeps it. */
const EXPIRABLE_PAYMENT_STATUSES: ReadonlySet<PaymentStatus> = new Set([
  'awaitingPayment',
  'requiresAction',
  'failed',
]);

/** One expiry timer per held booking. */
export class HoldManager {
  private readonly cancelTimers = new Map<string, () => void>();

  constructor(
    private readonly store: DemoStore,
    private readonly timers: TimerRegistry,
  ) {}

  start(booking: BookingRecord): void {
    if (booking.holdExpiresAt === null) return;
    const { bookingId } = booking;
    const cancel = this.timers.schedule(Math.max(0, booking.holdExpiresAt - Date.now()), () => {
      this.cancelTimers.delete(bookingId);
      this.expire(bookingId);
    });
    this.cancelTimers.set(bookingId, cancel);
  }

  release(bookingId: string): void {
    this.cancelTimers.get(bookingId)?.();
    this.cancelTimers.delete(bookingId);
  }

  /** Applies an expiry whose timer has not fired yet, so no request acts on a lapsed hold. */
  expireIfDue(bookingId: string): void {
    const booking = this.store.bookings.get(bookingId);
    if (booking?.holdExpiresAt == null || Date.now() < booking.holdExpiresAt) return;
    this.expire(bookingId);
  }

  private expire(bookingId: string): void {
    const { bookings, payments } = this.store;
    const booking = bookings.get(bookingId);
    if (booking?.status !== 'held' || booking.paymentId === null) return;
    const payment = payments.get(booking.paymentId);
    if (payment === undefined || !EXPIRABLE_PAYMENT_STATUSES.has(payment.status)) return;
    this.release(bookingId);
    bookings.setStatus(bookingId, 'expired');
    payments.transition(payment.paymentId, 'expired');
  }
}
