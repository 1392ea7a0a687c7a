import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

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
}

/** After this many failed reconnects in a row the user is told they are offline. */
export const OFFLINE_AFTER_ATTEMPTS = 3;

const initialState: ConnectionState = { status: 'idle', attempt: 0, watchers: {} };

export const connectionSlice = createSlice({
  name: 'connection',
  initialState,
  reducers: {
    socketConnecting(state) {
      state.status = state.lastConnectedAt === undefined ? 'connecting' : 'reconnecting';
    },
    socketConnected(state, { payload }: PayloadAction<{ at: number }>) {
      state.status = 'connected';
      state.attempt = 0;
      state.lastConnectedAt = payload.at;
      delete state.lastError;
    },
    socketDisconnected(state, { payload }: PayloadAction<{ reason: string }>) {
      state.status = 'reconnecting';
      state.lastError = payload.reason;
    },
    socketReconnectAttempted(state, { payload }: PayloadAction<{ attempt: number }>) {
      state.status = payload.attempt > OFFLINE_AFTER_ATTEMPTS ? 'offline' : 'reconnecting';
      state.attempt = payload.attempt;
    },
    socketConnectFailed(state, { payload }: PayloadAction<{ message: string }>) {
      state.lastError = payload.message;
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

export const connectionReducer = connectionSlice.reducer;

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
