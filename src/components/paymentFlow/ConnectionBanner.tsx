import type { ConnectionStatus } from '../../payments/socket/connectionSlice.js';
import { usePaymentFlowsUi } from '../ui/uiContext.js';

/** Always mounted (empty when connected) so the live region announces a drop when it happens. */
export function ConnectionBanner({ status }: { status: ConnectionStatus }) {
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
