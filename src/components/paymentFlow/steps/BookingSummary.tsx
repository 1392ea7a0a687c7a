import { usePaymentFlowsUi } from '../../ui/uiContext.js';
import type { StepProps } from './stepProps.js';

/** What is booked: the resource, when and for how long, and its price once the server set it: shown while paying and after. */
export function BookingSummary({ flow, resources }: Pick<StepProps, 'flow' | 'resources'>) {
  const { messages, cx, formatMoney, formatDateTime } = usePaymentFlowsUi();
  const { resourceId, start, durationMinutes } = flow.booking;
  const resourceName = resources?.find((resource) => resource.id === resourceId)?.name;
  return (
    <dl className={cx('summary')}>
      <dt>{messages.bookedResource}</dt>
      <dd>{resourceName ?? resourceId}</dd>
      <dt>{messages.bookedTime}</dt>
      <dd>{messages.bookedTimeValue(formatDateTime(start), durationMinutes)}</dd>
      {flow.amount && flow.paymentId !== undefined && (
        <>
          <dt>{messages.bookedAmount}</dt>
          <dd>{formatMoney(flow.amount)}</dd>
        </>
      )}
    </dl>
  );
}
