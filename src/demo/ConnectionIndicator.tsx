import { selectConnectionStatus } from '../index.js';
import { usePaymentsSelector } from '../react.js';

export function ConnectionIndicator() {
  const status = usePaymentsSelector(selectConnectionStatus);
  return (
    <p className={`connection connection-${status}`} data-testid="connection-status">
      Live updates: {status}
    </p>
  );
}
