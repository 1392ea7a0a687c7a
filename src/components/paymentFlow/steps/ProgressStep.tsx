import type { ReactNode } from 'react';

interface ProgressStepProps {
  title: string;
  children?: ReactNode;
}

/** A step in which the user waits: an indeterminate progress bar named by the step. */
export function ProgressStep({ title, children }: ProgressStepProps) {
  return (
    <div className="payment-step">
      <h3>{title}</h3>
      <progress aria-label={title} />
      {children}
    </div>
  );
}
