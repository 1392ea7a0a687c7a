import { selectConnectionStatus } from '../../payments/socket/connectionSlice.js';
import { usePaymentsSelector } from './storeHooks.js';

/**
 * The socket's status, for the components that show it: only they re-render when it changes,
 * not every mounted flow view.
 */
export function useConnectionStatus() {
  return usePaymentsSelector(selectConnectionStatus);
}
