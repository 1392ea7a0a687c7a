import type { ReactNode } from 'react';
import { usePaymentFlowsUi } from '../../ui/uiContext.js';
import { StepHeading } from '../StepHeading.js';

interface ProgressStepProps {
  title: string;
  children?: ReactNode;
}

/** A step in which the user waits: an indeterminate progress bar named by the step. */
export function ProgressStep({ title, children }: ProgressStepProps) {
  const { cx } = usePaymentFlowsUi();
  return (
    <div className={cx('step')}>
      <StepHeading>{title}</StepHeading>
      <progress aria-label={title} className={cx('progress')} />
      {children}
    </div>
  );
}
