import type { BookingType } from '../../payments/types.js';
import { usePaymentFlowsUi } from '../ui/uiContext.js';
import { parseDuration } from './validateBooking.js';

interface PriceEstimateProps {
  durationMinutes: string;
  bookingType: BookingType;
}

/** The host's estimate (`estimatePrice` on the provider); nothing when it gives none. */
export function PriceEstimate({ durationMinutes, bookingType }: PriceEstimateProps) {
  const { messages, cx, formatMoney, estimatePrice } = usePaymentFlowsUi();
  const minutes = parseDuration(durationMinutes);
  const money = minutes === undefined ? undefined : estimatePrice?.({ durationMinutes: minutes });
  if (money === undefined) return null;
  const price = formatMoney(money);
  return (
    <p className={cx('price')}>
      {bookingType === 'FIRM' ? messages.estimateFirm(price) : messages.estimateTentative(price)}
    </p>
  );
}
