import { configureStore } from '@reduxjs/toolkit';
import createSagaMiddleware from 'redux-saga';
import { createApiClient, type ApiOptions } from './apiClient';
import { sanitizeAction, sanitizeState } from './devTools';
import { createLogger, type Logger } from './logger';
import { paymentFlowsReducer } from './paymentFlowsSlice';
import { defaultTimings, type FlowTimings, type PaymentsDeps } from './sagas/deps';
import { paymentsSaga } from './sagas/rootSaga';
import { createTransitionLogger } from './transitionLogger';
import { connectionReducer } from './socket/connectionSlice';
import { createPaymentSocket, type SocketOptions } from './socket/paymentSocket';

export interface PaymentsStoreOptions {
  api: ApiOptions;
  /** Real-time status over socket.io; without it, settling payments are polled. */
  socket?: SocketOptions;
  /** Clock in epoch ms; every time in the store comes from here. */
  now?: () => number;
  logger?: Logger;
  timings?: Partial<FlowTimings>;
  random?: () => number;
}

/** The reducers to mount, under these keys, in a host app's own store. */
export const paymentsReducers = {
  paymentFlows: paymentFlowsReducer,
  connection: connectionReducer,
};

export function createPaymentsDeps(options: PaymentsStoreOptions): PaymentsDeps {
  return {
    api: createApiClient(options.api),
    now: options.now ?? Date.now,
    logger: options.logger ?? createLogger(),
    timings: { ...defaultTimings, ...options.timings },
    random: options.random ?? Math.random,
    ...(options.socket
      ? { realtime: { socket: createPaymentSocket(options.socket), options: options.socket } }
      : {}),
  };
}

/** A ready store: the payments slice, its sagas running, DevTools sanitized. */
export function createPaymentsStore(options: PaymentsStoreOptions) {
  const deps = createPaymentsDeps(options);
  const sagaMiddleware = createSagaMiddleware();
  const isDevelopment = process.env.NODE_ENV !== 'production';
  const store = configureStore({
    reducer: paymentsReducers,
    middleware: (getDefaultMiddleware) =>
      getDefaultMiddleware().concat(sagaMiddleware, createTransitionLogger(deps.logger)),
    devTools: {
      name: 'payment-flows',
      actionSanitizer: sanitizeAction,
      stateSanitizer: sanitizeState,
      trace: isDevelopment,
    },
  });
  const sagaTask = sagaMiddleware.run(paymentsSaga, deps);
  return { store, sagaTask, api: deps.api, socket: deps.realtime?.socket };
}

export type PaymentsStore = ReturnType<typeof createPaymentsStore>['store'];
export type PaymentsState = ReturnType<PaymentsStore['getState']>;
export type PaymentsDispatch = PaymentsStore['dispatch'];
