import { formatMoney } from '../../format.js';
import type { StepProps } from './stepProps.js';

/** The steps a flow ends in. */

/** The user cancelled, and the server answered with another outcome: say so, never silently. */
function cancelOverruled(flow: StepProps['flow']): boolean {
  return flow.history.some((step) => step.from === 'cancelling' && step.to !== 'cancelled');
}

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
      {cancelOverruled(flow) && (
        <p role="alert">
          Your booking could not be cancelled: the payment had already gone through.
        </p>
      )}
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

export function ExpiredStep({ flow }: Pick<StepProps, 'flow'>) {
  return (
    <div className="payment-step">
      <h3>Hold expired</h3>
      {cancelOverruled(flow) && <p>The hold had already run out when you cancelled.</p>}
      <p>The hold on this slot ran out before a payment was made. Nothing was charged.</p>
    </div>
  );
}
