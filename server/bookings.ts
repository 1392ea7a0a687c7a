import { newId } from './ids';
import type { CreateBookingInput } from './schemas';
import type { BookingStatus, Money } from './wireTypes';

export interface BookingRecord extends CreateBookingInput {
  bookingId: string;
  status: BookingStatus;
  holdExpiresAt: number | null;
  amount: Money | null;
  paymentId: string | null;
  /** The owner of the token that created it; only that owner may follow it in real time. */
  owner: string;
}

const PRICE_PER_BLOCK_MINOR = 2500;
const BLOCK_MINUTES = 30;

/** 25.00 EUR per started half hour. */
export function priceForDuration(durationMinutes: number): Money {
  const blocks = Math.ceil(durationMinutes / BLOCK_MINUTES);
  return { value: blocks * PRICE_PER_BLOCK_MINOR, currency: 'EUR' };
}

/** In-memory bookings; flows change them only through `setStatus` and `attachPayment`. */
export class BookingStore {
  private readonly bookings = new Map<string, BookingRecord>();
  private readonly countByOwner = new Map<string, number>();

  get(bookingId: string): BookingRecord | undefined {
    return this.bookings.get(bookingId);
  }

  /** How many bookings `owner` has made (the demo keeps them all). */
  countOf(owner: string): number {
    return this.countByOwner.get(owner) ?? 0;
  }

  /** Every booking, for tests that ask the server what it holds. */
  all(): BookingRecord[] {
    return [...this.bookings.values()];
  }

  create(
    input: CreateBookingInput,
    fields: Pick<BookingRecord, 'status' | 'holdExpiresAt' | 'amount' | 'owner'>,
  ): BookingRecord {
    const booking: BookingRecord = { ...input, ...fields, bookingId: newId('bk'), paymentId: null };
    this.bookings.set(booking.bookingId, booking);
    this.countByOwner.set(fields.owner, this.countOf(fields.owner) + 1);
    return booking;
  }

  attachPayment(bookingId: string, paymentId: string): void {
    this.require(bookingId).paymentId = paymentId;
  }

  setStatus(bookingId: string, status: BookingStatus): void {
    this.require(bookingId).status = status;
  }

  private require(bookingId: string): BookingRecord {
    const booking = this.bookings.get(bookingId);
    if (booking === undefined) throw new Error(`Unknown booking ${bookingId}`);
    return booking;
  }
}
