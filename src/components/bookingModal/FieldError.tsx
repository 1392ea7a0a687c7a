import { usePaymentFlowsUi } from '../ui/uiContext.js';
import { errorIdFor } from './fieldA11y.js';

export function FieldError({ fieldId, message }: { fieldId: string; message: string | undefined }) {
  const { cx } = usePaymentFlowsUi();
  if (message === undefined) return null;
  return (
    <p id={errorIdFor(fieldId)} className={cx('fieldError')}>
      {message}
    </p>
  );
}
