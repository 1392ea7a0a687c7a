import { configureStore, type Middleware } from '@reduxjs/toolkit';
import createSagaMiddleware from 'redux-saga';
import {
  createPaymentsDeps,
  paymentsReducer,
  type PaymentsStoreOptions,
} from '../src/payments/createPaymentsStore';
import { PERSIST_ACTIONS } from '../src/payments/persistence/persistConfig';
import { paymentsSaga } from '../src/payments/sagas/rootSaga';

type PaymentsState = ReturnType<typeof paymentsReducer>;

/**
 * The store createPaymentsStore builds (same reducers, middleware order and sagas), mounted
 * the way a host app would, plus one `innermost` middleware, which sees each action right
 * after the reducers applied it. createPaymentsStore takes no extra middleware, hence this.
 * No persistence: `preloadedState` stands in for saved flows, and the sagas resume them.
 */
export function createInstrumentedStore(
  options: Omit<PaymentsStoreOptions, 'storage' | 'tabs'>,
  preloadedState: PaymentsState,
  innermost: Middleware,
) {
  const deps = createPaymentsDeps(options);
  const sagaMiddleware = createSagaMiddleware();
  const store = configureStore({
    reducer: paymentsReducer,
    preloadedState,
    middleware: (getDefaultMiddleware) =>
      getDefaultMiddleware({ serializableCheck: { ignoredActions: PERSIST_ACTIONS } }).concat(
        sagaMiddleware,
        innermost,
      ),
    devTools: false,
  });
  const sagaTask = sagaMiddleware.run(paymentsSaga, deps);
  return { store, sagaTask, socket: deps.realtime?.socket };
}
