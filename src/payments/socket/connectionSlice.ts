import { createSlice, type PayloadAction, type Reducer } from '@reduxjs/toolkit';

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Reconnection attempts since the last successful connect. */
  attempt: number;
  lastError?: string;
  /** Epoch ms. */
  lastConnectedAt?: number;
  /** Components watching a flow, by flowId: a watched flow stays subscribed while it is shown. */
  watchers: Record<string, number>;
  /** The last CONNECTION_HISTORY_LIMIT changes of the socket, oldest first: for a debug report. */
  history: ConnectionChange[];
}

export interface ConnectionChange {
  /** What happened: a status the socket moved to, or a failed connect. */
  event: ConnectionStatus | 'connectFailed';
  /** Epoch ms, on the sagas' clock. */
  at: number;
  /** The disconnect reason or connect error, as socket.io gave it. */
  reason?: string;
}

export const CONNECTION_HISTORY_LIMIT = 20;

function record(state: ConnectionState, change: ConnectionChange): void {
  state.history.push(change);
  if (state.history.length > CONNECTION_HISTORY_LIMIT) state.history.shift();
}

/** Every change of the socket is stamped with the sagas' clock, for its history. */
type Timed<P = object> = P & { at: number };

/** After this many failed reconnects in a row the user is told they are offline. */
export const OFFLINE_AFTER_ATTEMPTS = 3;

const initialState: ConnectionState = { status: 'idle', attempt: 0, watchers: {}, history: [] };

export const connectionSlice = createSlice({
  name: 'connection',
  initialState,
  reducers: {
    socketConnecting(state, { payload }: PayloadAction<Timed>) {
      state.status = state.lastConnectedAt === undefined ? 'connecting' : 'reconnecting';
      record(state, { event: state.status, at: payload.at });
    },
    socketConnected(state, { payload }: PayloadAction<{ at: number }>) {
      state.status = 'connected';
      state.attempt = 0;
      state.lastConnectedAt = payload.at;
      delete state.lastError;
      record(state, { event: 'connected', at: payload.at });
    },
    socketDisconnected(state, { payload }: PayloadAction<Timed<{ reason: string }>>) {
      state.status = 'reconnecting';
      state.lastError = payload.reason;
      record(state, { event: 'reconnecting', at: payload.at, reason: payload.reason });
    },
    socketReconnectAttempted(state, { payload }: PayloadAction<Timed<{ attempt: number }>>) {
      state.status = payload.attempt > OFFLINE_AFTER_ATTEMPTS ? 'offline' : 'reconnecting';
      state.attempt = payload.attempt;
      record(state, { event: state.status, at: payload.at });
    },
    socketConnectFailed(state, { payload }: PayloadAction<Timed<{ message: string }>>) {
      state.lastError = payload.message;
      record(state, { event: 'connectFailed', at: payload.at, reason: payload.message });
    },
    flowWatched(state, { payload }: PayloadAction<{ flowId: string }>) {
      state.watchers[payload.flowId] = (state.watchers[payload.flowId] ?? 0) + 1;
    },
    flowUnwatched(state, { payload }: PayloadAction<{ flowId: string }>) {
      const count = (state.watchers[payload.flowId] ?? 0) - 1;
      if (count > 0) state.watchers[payload.flowId] = count;
      else delete state.watchers[payload.flowId];
    },
  },
});

export const {
  socketConnecting,
  socketConnected,
  socketDisconnected,
  socketReconnectAttempted,
  socketConnectFailed,
  flowWatched,
  flowUnwatched,
} = connectionSlice.actions;

export const connectionReducer: Reducer<ConnectionState> = connectionSlice.reducer;

/** Optional, as for `WithPaymentFlows`: not yet injected reads as the initial state. */
export interface WithConnection {
  connection?: ConnectionState;
}

export const selectConnection = (state: WithConnection): ConnectionState =>
  state.connection ?? initialState;
export const selectConnectionStatus = (state: WithConnection): ConnectionStatus =>
  selectConnection(state).status;

export const selectWatcherCount = (state: WithConnection, flowId: string): number =>
  selectConnection(state).watchers[flowId] ?? 0;
