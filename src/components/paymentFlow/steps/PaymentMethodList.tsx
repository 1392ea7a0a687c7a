import { usePaymentMethods } from '../../paymentMethods/paymentMethodsContext.js';

interface PaymentMethodListProps {
  /** The radio group's name; unique per flow so two flows on one page never share it. */
  name: string;
  selected: string | undefined;
  disabled: boolean;
  onSelect: (paymentMethodId: string) => void;
}

/** The saved payment methods as a radio group, with their loading and error states. */
export function PaymentMethodList({ name, selected, disabled, onSelect }: PaymentMethodListProps) {
  const { methods, status, error, reload } = usePaymentMethods();
  if (status === 'loading' && methods.length === 0) {
    return <p>Loading your saved payment methods…</p>;
  }
  if (status === 'error') {
    return (
      <div>
        <p role="alert">{error}</p>
        <button type="button" onClick={reload}>
          Try again
        </button>
      </div>
    );
  }
  if (methods.length === 0) return <p>You have no saved payment methods.</p>;
  return (
    <fieldset disabled={disabled}>
      <legend>Saved payment method</legend>
      {methods.map((method) => (
        <label key={method.id}>
          <input
            type="radio"
            name={name}
            value={method.id}
            checked={method.id === selected}
            onChange={() => {
              onSelect(method.id);
            }}
          />
          {method.label}
        </label>
      ))}
    </fieldset>
  );
}
