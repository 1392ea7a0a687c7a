import { useNow } from '../hooks/useNow.js';
import { formatCountdown } from '../format.js';
import { usePaymentFlowsUi } from '../ui/uiContext.js';

/** Time left on the booking hold, ticking each second; the deadline is the server's. */
export function HoldCountdown({ expiresAt }: { expiresAt: number }) {
  const now = useNow();
  const { messages, cx, locale } = usePaymentFlowsUi();
  return (
    <p role="timer" className={cx('countdown')}>
      {messages.holdCountdown} <time>{formatCountdown(expiresAt - now, locale)}</time>
    </p>
  );
}
