import { useConnectionStatus } from '../hooks/useConnectionStatus.js';
import { usePaymentFlowsUi } from '../ui/uiContext.js';

/**
 * Always mounted (empty when connected) so the live region announces a drop when it happens.
 * It reads the status itself: a change re-renders the banners, not the flows around them.
 */
export function ConnectionBanner() {
  const status = useConnectionStatus();
  const { messages, cx } = usePaymentFlowsUi();
  const message =
    status === 'reconnecting'
      ? messages.reconnecting
      : status === 'offline'
        ? messages.offline
        : undefined;
  return (
    <div role="status" aria-label={messages.connectionRegion} className={cx('banner')}>
      {message}
    </div>
  );
}
