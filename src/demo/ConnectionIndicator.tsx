import { selectConnectionStatus, useAppSelector } from '../index';

export function ConnectionIndicator() {
  const status = useAppSelector(selectConnectionStatus);
  return (
    <p className={`connection connection-${status}`} data-testid="connection-status">
      Live updates: {status}
    </p>
  );
}
