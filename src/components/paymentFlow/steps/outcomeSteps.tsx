import type { PaymentFlow } from '../../../payments/types.js';
import { usePaymentFlowsUi } from '../../ui/uiContext.js';
import { StepHeading } from '../StepHeading.js';
import { BookingSummary } from './BookingSummary.js';
import type { StepProps } from './stepProps.js';

/** The steps a flow ends in. */

/** The user cancelled, and the server answered with another outcome: say so, never silently. */
function cancelOverruled(flow: StepProps['flow']): boolean {
  return flow.history.some((step) => step.from === 'cancelling' && step.to !== 'cancelled');
}

export function SucceededStep({ flow, resources }: Pick<StepProps, 'flow' | 'resources'>) {
  const { messages, cx, formatMoney } = usePaymentFlowsUi();
  if (flow.paymentId === undefined) {
    return (
      <div className={cx('step')}>
        <StepHeading>{messages.tentativeHeading}</StepHeading>
        <p>{messages.tentativeText}</p>
        <BookingSummary flow={flow} resources={resources} />
      </div>
    );
  }
  return (
    <div className={cx('step')}>
      <StepHeading>{messages.succeededHeading}</StepHeading>
      {cancelOverruled(flow) && (
        <p role="alert" className={cx('alert')}>
          {messages.cancelOverruled}
        </p>
      )}
      <p>{flow.amount ? messages.paidText(formatMoney(flow.amount)) : messages.bookingConfirmed}</p>
      <BookingSummary flow={flow} resources={resources} />
    </div>
  );
}

export function CancelledStep() {
  const { messages, cx } = usePaymentFlowsUi();
  return (
    <div className={cx('step')}>
      <StepHeading>{messages.cancelledHeading}</StepHeading>
      <p>{messages.cancelledText}</p>
    </div>
  );
}

export function ExpiredStep({ flow }: { flow: PaymentFlow }) {
  const { messages, cx } = usePaymentFlowsUi();
  return (
    <div className={cx('step')}>
      <StepHeading>{messages.expiredHeading}</StepHeading>
      {cancelOverruled(flow) && <p>{messages.expiredOverruled}</p>}
      <p>{messages.expiredText}</p>
    </div>
  );
}
