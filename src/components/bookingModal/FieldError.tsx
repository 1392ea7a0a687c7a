import { errorIdFor } from './fieldA11y.js';

export function FieldError({ fieldId, message }: { fieldId: string; message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <p id={errorIdFor(fieldId)} className="field-error">
      {message}
    </p>
  );
}
