import type { ConnectionStatus } from '../../payments/socket/connectionSlice.js';

const MESSAGES: Partial<Record<ConnectionStatus, string>> = {
  reconnecting: 'Reconnecting… your payment is safe.',
  offline:
    'You are offline. Your payment is safe; its status will update when the connection is back.',
};

/** Always mounted (empty when connected) so the live region announces a drop when it happens. */
export function ConnectionBanner({ status }: { status: ConnectionStatus }) {
  const message = MESSAGES[status];
  return (
    <div role="status" aria-label="Connection" className="payment-connection-banner">
      {message}
    </div>
  );
}
