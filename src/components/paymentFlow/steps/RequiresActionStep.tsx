import { usePaymentFlowsUi } from '../../ui/uiContext.js';
import { StepHeading } from '../StepHeading.js';
import type { StepProps } from './stepProps.js';

/** 3-D Secure: the bank's page takes over; its answer comes back as a status update. */
export function RequiresActionStep({ flow, busy, onRedirect }: StepProps) {
  const { messages, cx } = usePaymentFlowsUi();
  const url = flow.nextAction?.url;
  return (
    <div className={cx('step')}>
      <StepHeading>{messages.requiresActionHeading}</StepHeading>
      <p>{messages.requiresActionHint}</p>
      <div className={cx('actions')}>
        <button
          type="button"
          className={cx('button', 'buttonPrimary')}
          disabled={busy || url === undefined}
          onClick={() => {
            if (url !== undefined) onRedirect(url);
          }}
        >
          {messages.continueTo3ds}
        </button>
      </div>
    </div>
  );
}
