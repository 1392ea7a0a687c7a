import type { BookingDraft, Money } from './types.js';

const PRICE_PER_BLOCK_MINOR = 2500;
const BLOCK_MINUTES = 30;

/**
 * What the server will charge for a draft: 25.00 EUR per started half hour. An estimate only:
 * the amount the user pays is the one the server returns with the booking.
 */
export function estimatePrice(draft: Pick<BookingDraft, 'durationMinutes'>): Money {
  const blocks = Math.ceil(draft.durationMinutes / BLOCK_MINUTES);
  return { value: blocks * PRICE_PER_BLOCK_MINOR, currency: 'EUR' };
}
