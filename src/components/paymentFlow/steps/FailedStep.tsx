import { canRetry } from '../../../payments/statusMachine.js';
import { usePaymentFlowsUi } from '../../ui/uiContext.js';
import { StepHeading } from '../StepHeading.js';
import type { StepProps } from './stepProps.js';

/**
 * The failure in words written for people (never the server's own text); its code stays on
 * `data-error-code` for developers.
 */
export function FailedStep({ flow, busy, onRetry }: StepProps) {
  const { messages, cx, errorText } = usePaymentFlowsUi();
  const retriable = canRetry(flow);
  return (
    <div className={cx('step')}>
      <StepHeading>
        {flow.bookingId === undefined
          ? messages.bookingFailedHeading
          : messages.paymentFailedHeading}
      </StepHeading>
      <p role="alert" className={cx('alert')} data-error-code={flow.error?.code}>
        {errorText(flow.error)}
      </p>
      {retriable ? (
        <>
          {flow.bookingId !== undefined && <p>{messages.retryHint}</p>}
          <div className={cx('actions')}>
            <button
              type="button"
              className={cx('button', 'buttonPrimary')}
              disabled={busy}
              onClick={onRetry}
            >
              {flow.bookingId === undefined ? messages.retryBooking : messages.retry}
            </button>
          </div>
        </>
      ) : (
        <p>{messages.notRetriable}</p>
      )}
    </div>
  );
}
