import { useState } from 'react';
import { useNow } from '../hooks/useNow.js';
import { formatCountdown } from '../format.js';
import { usePaymentFlowsUi } from '../ui/uiContext.js';

/** Time left on the booking hold, ticking each second; the deadline is the server's. */
export function HoldCountdown({ expiresAt }: { expiresAt: number }) {
  // The shared clock reads the last tick, up to a second old: a hold opened since must not
  // show more time than it has (a fresh 10-minute hold read 10:01).
  const [mountedAt] = useState(() => Date.now());
  const now = Math.max(useNow(), mountedAt);
  const { messages, cx, locale } = usePaymentFlowsUi();
  return (
    <p role="timer" className={cx('countdown')}>
      {messages.holdCountdown} <time>{formatCountdown(expiresAt - now, locale)}</time>
    </p>
  );
}
