import { useId } from 'react';
import type { SavedPaymentMethod } from '../../../payments/apiSchemas.js';
import { usePaymentMethods } from '../../paymentMethods/paymentMethodsContext.js';
import { usePaymentFlowsUi } from '../../ui/uiContext.js';
import { STEP_HEADING_ATTRIBUTE } from '../StepHeading.js';

interface PaymentMethodListProps {
  /** The radio group's name; unique per flow so two flows on one page never share it. */
  name: string;
  selected: string | undefined;
  disabled: boolean;
  onSelect: (paymentMethodId: string) => void;
}

/** The saved payment methods as a radio group, with their loading and error states. */
export function PaymentMethodList({ name, selected, disabled, onSelect }: PaymentMethodListProps) {
  const { methods, status, reload } = usePaymentMethods();
  const { messages, cx } = usePaymentFlowsUi();
  if (status === 'loading' && methods.length === 0) {
    return <p>{messages.methodsLoading}</p>;
  }
  if (status === 'error') {
    return (
      <div>
        <p role="alert" className={cx('alert')}>
          {messages.methodsLoadError}
        </p>
        <button
          type="button"
          className={cx('button', 'buttonSecondary')}
          onClick={(event) => {
            // The loading text replaces this button: focus goes to the step's heading, not <body>.
            event.currentTarget
              .closest('form')
              ?.querySelector<HTMLElement>(`[${STEP_HEADING_ATTRIBUTE}]`)
              ?.focus();
            reload();
          }}
        >
          {messages.methodsRetry}
        </button>
      </div>
    );
  }
  if (methods.length === 0) return <p>{messages.methodsNone}</p>;
  return (
    <fieldset disabled={disabled} className={cx('methods')}>
      <legend>{messages.methodsLegend}</legend>
      {methods.map((method) => (
        <MethodOption
          key={method.id}
          method={method}
          name={name}
          checked={method.id === selected}
          onSelect={onSelect}
        />
      ))}
    </fieldset>
  );
}

interface MethodOptionProps {
  method: SavedPaymentMethod;
  name: string;
  checked: boolean;
  onSelect: (paymentMethodId: string) => void;
}

/**
 * One method, labelled as the server labels it. A test method's id and what it does (the
 * server's `behaviour`, sent only for test methods) describe it, as a test-card table would.
 */
function MethodOption({ method, name, checked, onSelect }: MethodOptionProps) {
  const { cx } = usePaymentFlowsUi();
  const hintId = useId();
  const hint = method.behaviour;
  return (
    <div className={cx('method')}>
      <label>
        <input
          type="radio"
          name={name}
          value={method.id}
          checked={checked}
          aria-describedby={hint === undefined ? undefined : hintId}
          onChange={() => {
            onSelect(method.id);
          }}
        />
        {method.label}
      </label>
      {hint !== undefined && (
        <span id={hintId} className={cx('methodHint')}>
          {`${method.id}: ${hint}`}
        </span>
      )}
    </div>
  );
}
