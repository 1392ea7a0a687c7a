import { configureStore } from '@reduxjs/toolkit';
import createSagaMiddleware from 'redux-saga';
import { createApiClient, type ApiOptions } from './apiClient';
import { sanitizeAction, sanitizeState } from './devTools';
import { createLogger, type Logger } from './logger';
import { paymentFlowsReducer } from './paymentFlowsSlice';
import { defaultTimings, type FlowTimings, type PaymentsDeps } from './sagas/deps';
import { paymentsSaga } from './sagas/rootSaga';
import { createTransitionLogger } from './transitionLogger';

export interface PaymentsStoreOptions {
  api: ApiOptions;
  /** Clock in epoch ms; every time in the store comes from here. */
  now?: () => number;
  logger?: Logger;
  timings?: Partial<FlowTimings>;
  random?: () => number;
}

/** The reducers to mount, under these keys, in a host app's own store. */
export const paymentsReducers = { paymentFlows: paymentFlowsReducer };

export function createPaymentsDeps(options: PaymentsStoreOptions): PaymentsDeps {
  return {
    api: createApiClient(options.api),
    now: options.now ?? Date.now,
    logger: options.logger ?? createLogger(),
    timings: { ...defaultTimings, ...options.timings },
    random: options.random ?? Math.random,
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
  return { store, sagaTask, api: deps.api };
}

export type PaymentsStore = ReturnType<typeof createPaymentsStore>['store'];
export type PaymentsState = ReturnType<PaymentsStore['getState']>;
export type PaymentsDispatch = PaymentsStore['dispatch'];
