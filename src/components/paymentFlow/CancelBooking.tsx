import { useEffect, useId, useRef } from 'react';
import { usePaymentFlowsUi } from '../ui/uiContext.js';

interface CancelBookingProps {
  busy: boolean;
  /** Whether the question is showing: the flow holds it, so nothing else acts meanwhile. */
  asking: boolean;
  onAskingChange: (asking: boolean) => void;
  onCancel: () => void;
}

/**
 * Cancelling is destructive, so it takes two explicit steps: "Cancel booking…" asks, and only
 * "Yes, cancel booking" cancels. Focus goes to the safe answer; Escape or "Keep booking" backs out.
 */
export function CancelBooking({ busy, asking, onAskingChange, onCancel }: CancelBookingProps) {
  const { messages, cx } = usePaymentFlowsUi();
  const keepRef = useRef<HTMLButtonElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  const answered = useRef(false);
  const questionId = useId();
  const explanationId = useId();

  useEffect(() => {
    if (asking) keepRef.current?.focus();
    else if (answered.current) askRef.current?.focus();
  }, [asking]);

  function keep(): void {
    answered.current = true;
    onAskingChange(false);
  }

  if (!asking) {
    return (
      <div className={cx('flowActions')}>
        <button
          ref={askRef}
          type="button"
          className={cx('button', 'buttonDanger')}
          disabled={busy}
          onClick={() => {
            onAskingChange(true);
          }}
        >
          {messages.cancelBooking}
        </button>
      </div>
    );
  }
  return (
    <div
      role="group"
      aria-labelledby={questionId}
      aria-describedby={explanationId}
      className={cx('confirm')}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        // Backs out of the question only; the dialog around it stays open.
        event.stopPropagation();
        event.nativeEvent.stopImmediatePropagation();
        keep();
      }}
    >
      <p id={questionId}>
        <strong>{messages.cancelQuestion}</strong>
      </p>
      <p id={explanationId}>{messages.cancelExplanation}</p>
      <div className={cx('actions')}>
        <button
          ref={keepRef}
          type="button"
          className={cx('button', 'buttonSecondary')}
          onClick={keep}
        >
          {messages.cancelKeep}
        </button>
        <button
          type="button"
          className={cx('button', 'buttonDanger')}
          disabled={busy}
          onClick={onCancel}
        >
          {messages.cancelConfirm}
        </button>
      </div>
    </div>
  );
}
