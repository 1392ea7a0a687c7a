import type { ReactNode } from 'react';
import { usePaymentFlowsUi } from '../ui/uiContext.js';

/** Marks the heading focus moves to when the step changes (see PaymentFlow). */
export const STEP_HEADING_ATTRIBUTE = 'data-pf-step-heading';

/** A step's heading: focusable by script only, so a step change never leaves focus on <body>. */
export function StepHeading({ children }: { children: ReactNode }) {
  const { cx } = usePaymentFlowsUi();
  return (
    <h3 tabIndex={-1} className={cx('stepHeading')} {...{ [STEP_HEADING_ATTRIBUTE]: '' }}>
      {children}
    </h3>
  );
}
