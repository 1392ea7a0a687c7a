/** Ties an input to its error message, so screen readers read the message with the field. */
export function fieldA11y(id: string, error: string | undefined) {
  return {
    id,
    'aria-invalid': error !== undefined,
    'aria-describedby': error === undefined ? undefined : errorIdFor(id),
  };
}

export const errorIdFor = (fieldId: string): string => `${fieldId}-error`;
