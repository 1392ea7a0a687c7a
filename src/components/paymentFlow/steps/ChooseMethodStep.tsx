import { useState } from 'react';
import { estimatePrice } from '../../../payments/pricing.js';
import { canSubmit } from '../../../payments/statusMachine.js';
import { formatMoney } from '../../format.js';
import { usePaymentMethods } from '../../paymentMethods/paymentMethodsContext.js';
import { PaymentMethodList } from './PaymentMethodList.js';
import type { StepProps } from './stepProps.js';

interface ChooseMethodStepProps extends StepProps {
  /** The payment was submitted: the form stays visible, frozen on the method being charged. */
  confirming?: boolean;
}

export function ChooseMethodStep({ flow, busy, onPay, confirming = false }: ChooseMethodStepProps) {
  const { defaultMethodId } = usePaymentMethods();
  const [chosen, setChosen] = useState<string>();
  const selected =
    (confirming ? flow.paymentMethodId : chosen) ?? flow.paymentMethodId ?? defaultMethodId;
  const amount = formatMoney(flow.amount ?? estimatePrice(flow.booking));
  const locked = busy || confirming || !canSubmit(flow);

  return (
    <form
      className="payment-step"
      onSubmit={(event) => {
        event.preventDefault();
        if (selected !== undefined && !locked) onPay(selected);
      }}
    >
      <h3>{confirming ? 'Confirming your payment…' : 'Pay for your booking'}</h3>
      <PaymentMethodList
        name={`payment-method-${flow.flowId}`}
        selected={selected}
        disabled={locked}
        onSelect={setChosen}
      />
      <button type="submit" disabled={locked || selected === undefined}>
        {confirming ? `Paying ${amount}…` : `Pay ${amount}`}
      </button>
    </form>
  );
}
