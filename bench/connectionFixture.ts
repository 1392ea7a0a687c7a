import { connectionReducer, type ConnectionState } from '../src/payments/socket/connectionSlice';

/** The connection slice as a fresh store has it. */
export const initialConnectionState: ConnectionState = connectionReducer(undefined, {
  type: 'bench/init',
});
