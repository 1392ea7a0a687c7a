import { useNow } from '../hooks/useNow.js';
import { formatCountdown } from '../format.js';

/** Time left on the booking hold, ticking each second; the deadline is the server's. */
export function HoldCountdown({ expiresAt }: { expiresAt: number }) {
  const now = useNow();
  return (
    <p role="timer" className="payment-hold-countdown">
      Your slot is held for <time>{formatCountdown(expiresAt - now)}</time>
    </p>
  );
}
