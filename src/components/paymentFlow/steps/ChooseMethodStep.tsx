import { useId, useState } from 'react';
import { canSubmit, confirmNeverArrived } from '../../../payments/statusMachine.js';
import { usePaymentMethods } from '../../paymentMethods/paymentMethodsContext.js';
import { usePaymentFlowsUi } from '../../ui/uiContext.js';
import { StepHeading } from '../StepHeading.js';
import { BookingSummary } from './BookingSummary.js';
import { PaymentMethodList } from './PaymentMethodList.js';
import type { StepProps } from './stepProps.js';

interface ChooseMethodStepProps extends StepProps {
  /** The payment was submitted: the form stays visible, frozen on the method being charged. */
  confirming?: boolean;
}

export function ChooseMethodStep({
  flow,
  busy,
  onPay,
  resources,
  confirming = false,
}: ChooseMethodStepProps) {
  const { defaultMethodId, methods, status } = usePaymentMethods();
  const { messages, cx, formatMoney, estimatePrice } = usePaymentFlowsUi();
  const [chosen, setChosen] = useState<string>();
  const payHintId = useId();
  // After a failed attempt nothing is preselected: one click on Pay must not repeat a decline.
  // A confirm that never reached the server declined nothing: the method chosen stays chosen.
  const notSent = confirmNeverArrived(flow);
  const suggested = notSent ? flow.paymentMethodId : flow.attempt > 0 ? undefined : defaultMethodId;
  // Only a method the list shows can be paid with: not one a reload dropped, nor any while the
  // list is replaced by its load error.
  const shown = (id: string | undefined) =>
    id !== undefined && status !== 'error' && methods.some((method) => method.id === id)
      ? id
      : undefined;
  const selected = confirming
    ? flow.paymentMethodId
    : chosen !== undefined
      ? shown(chosen)
      : shown(suggested);
  // The server's amount wins once known; until then, the host's estimate (if any).
  const money = flow.amount ?? estimatePrice?.(flow.booking);
  const amount = money === undefined ? '' : formatMoney(money);
  const locked = busy || confirming || !canSubmit(flow);
  // Pay waits for a choice: say so, rather than leave a screen reader with a bare "unavailable".
  const needsChoice = !locked && selected === undefined && methods.length > 0 && status !== 'error';

  return (
    <form
      className={cx('step')}
      onSubmit={(event) => {
        event.preventDefault();
        if (selected !== undefined && !locked) onPay(selected);
      }}
    >
      <StepHeading>{confirming ? messages.confirmingHeading : messages.payHeading}</StepHeading>
      {notSent && (
        <p role="alert" className={cx('alert')}>
          {messages.paymentNotSent}
        </p>
      )}
      <BookingSummary flow={flow} resources={resources} />
      <PaymentMethodList
        name={`payment-method-${flow.flowId}`}
        selected={selected}
        disabled={locked}
        onSelect={setChosen}
      />
      {needsChoice && <p id={payHintId}>{messages.chooseMethodFirst}</p>}
      <div className={cx('actions')}>
        <button
          type="submit"
          className={cx('button', 'buttonPrimary')}
          disabled={locked || selected === undefined}
          aria-describedby={needsChoice ? payHintId : undefined}
        >
          {(confirming ? messages.paying(amount) : messages.pay(amount)).trim()}
        </button>
      </div>
    </form>
  );
}
