import { canRetry } from '../../../payments/statusMachine.js';
import type { StepProps } from './stepProps.js';

export function FailedStep({ flow, busy, onRetry }: StepProps) {
  const retriable = canRetry(flow);
  return (
    <div className="payment-step">
      <h3>{flow.bookingId === undefined ? 'The booking failed' : 'The payment failed'}</h3>
      <p role="alert">{flow.error?.message ?? 'Something went wrong.'}</p>
      {retriable ? (
        <button type="button" disabled={busy} onClick={onRetry}>
          Retry
        </button>
      ) : (
        <p>This attempt cannot be retried. Please start a new booking.</p>
      )}
    </div>
  );
}
