import { formatMoney } from '../../format';
import type { StepProps } from './stepProps';

/** The steps a flow ends in. */

export function SucceededStep({ flow }: Pick<StepProps, 'flow'>) {
  if (flow.paymentId === undefined) {
    return (
      <div className="payment-step">
        <h3>Booking confirmed</h3>
        <p>Your tentative booking is confirmed. There is nothing to pay now.</p>
      </div>
    );
  }
  return (
    <div className="payment-step">
      <h3>Payment complete</h3>
      <p>{flow.amount ? `${formatMoney(flow.amount)} paid. ` : ''}Your booking is confirmed.</p>
    </div>
  );
}

export function CancelledStep() {
  return (
    <div className="payment-step">
      <h3>Booking cancelled</h3>
      <p>The booking was cancelled before any money was taken.</p>
    </div>
  );
}

export function ExpiredStep() {
  return (
    <div className="payment-step">
      <h3>Hold expired</h3>
      <p>The hold on this slot ran out before a payment was made. Nothing was charged.</p>
    </div>
  );
}
