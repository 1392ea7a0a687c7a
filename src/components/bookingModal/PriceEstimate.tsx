import { estimatePrice } from '../../payments/pricing.js';
import type { BookingType } from '../../payments/types.js';
import { formatMoney } from '../format.js';
import { parseDuration } from './validateBooking.js';

interface PriceEstimateProps {
  durationMinutes: string;
  bookingType: BookingType;
}

export function PriceEstimate({ durationMinutes, bookingType }: PriceEstimateProps) {
  const minutes = parseDuration(durationMinutes);
  if (minutes === undefined) return null;
  const price = formatMoney(estimatePrice({ durationMinutes: minutes }));
  return (
    <p className="booking-price">
      {bookingType === 'FIRM'
        ? `Estimated price: ${price}, paid now.`
        : `Estimated price: ${price}. A tentative booking is not paid now.`}
    </p>
  );
}
