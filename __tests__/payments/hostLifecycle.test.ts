/**
 * A host app's lifecycle around the payments: the payments code loaded after its store (lazy
 * slices, sagas started once the store has rehydrated), and a user logging out with
 * redux-persist's own `persistor.purge()`.
 */
import { combineSlices, configureStore, createSlice } from '@reduxjs/toolkit';
import { persistReducer, persistStore, type Persistor } from 'redux-persist';
import createSagaMiddleware, { type Task } from 'redux-saga';
import {
  createPaymentsDeps,
  createPaymentsPersistConfig,
  flowStarted,
  paymentsSaga,
  paymentsSlices,
  paymentSubmitted,
  PERSIST_ACTIONS,
  selectFlowById,
  selectFlowIds,
  type WithConnection,
  type WithPaymentFlows,
} from '../../src/index';
import { silentLogger } from '../../src/payments/logger';
import { createMemoryStorage } from '../helpers/memoryStorage';
import { testTimings, uniqueDraft, waitForStatus } from '../helpers/paymentsTestStore';
import { createScriptedFetch } from '../helpers/scriptedFetch';
import {
  closeAllApps,
  persistedFlow,
  rehydrated,
  startApp,
  storedValue,
} from './persistence/persistenceHarness';
import { BOOKINGS, CONFIRM, STATUS, bookingReply, snapshotReply } from './sagas/fixtures';
import { waitForStoreState } from '../helpers/waitForStoreState';

const cartSlice = createSlice({
  name: 'cart',
  initialState: { items: 0 },
  reducers: {
    itemAdded: (cart) => {
      cart.items += 1;
    },
  },
});

const running: { task?: Task; persistor?: Persistor }[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) {
    app.task?.cancel();
    if (app.persistor) {
      await app.persistor.flush();
      app.persistor.pause();
    }
  }
  await closeAllApps();
});

describe('payments loaded after the host store (lazy slices, sagas started later)', () => {
  it('resumes saved flows and drives new ones when the sagas start after the rehydrate', async () => {
    const saved = persistedFlow({ status: 'creatingBooking' });
    const memory = createMemoryStorage({ 'persist:lazy-host': storedValue([saved]) });
    const server = createScriptedFetch();
    server.script(BOOKINGS, bookingReply(), bookingReply());
    const reducer = combineSlices(cartSlice).withLazyLoadedSlices<
      WithPaymentFlows & WithConnection
    >();
    // The lazily loaded root's type: the payments slices are optional in it until injected.
    const persistConfig = createPaymentsPersistConfig<ReturnType<typeof reducer>>(
      { storage: memory.storage, key: 'lazy-host', throttleMs: 5 },
      silentLogger,
    );
    const sagaMiddleware = createSagaMiddleware();
    const store = configureStore({
      reducer: persistReducer(persistConfig, reducer),
      middleware: (getDefault) =>
        getDefault({ serializableCheck: { ignoredActions: PERSIST_ACTIONS } }).concat(
          sagaMiddleware,
        ),
    });
    const app: { task?: Task; persistor?: Persistor } = { persistor: persistStore(store) };
    running.push(app);
    await waitForStoreState(
      store,
      (state: { _persist: { rehydrated: boolean } }) => state._persist.rehydrated,
    );

    // Later, the payments chunk loads: its slices are injected and its sagas started.
    for (const slice of paymentsSlices) reducer.inject(slice);
    app.task = sagaMiddleware.run(
      paymentsSaga,
      createPaymentsDeps({
        api: { baseUrl: server.baseUrl, fetch: server.fetch },
        logger: silentLogger,
        timings: testTimings,
        persistence: { key: 'lazy-host', flush: () => app.persistor?.flush() ?? Promise.resolve() },
      }),
    );
    const { flowId } = store.dispatch(flowStarted(uniqueDraft())).payload;

    await waitForStoreState(store, (state: WithPaymentFlows) =>
      [saved.flowId, flowId].every((id) => selectFlowById(state, id)?.status === 'awaitingPayment'),
    );
  });
});

describe('a user logging out with persistor.purge()', () => {
  it('leaves the next user’s page none of the old user’s flows, in flight or saved', async () => {
    const memory = createMemoryStorage();
    const server = createScriptedFetch();
    let token = 'user-a';
    server.script(BOOKINGS, bookingReply());
    const options = {
      memory,
      api: { baseUrl: server.baseUrl, fetch: server.fetch, getAuthToken: () => token },
    };
    const first = startApp(options);
    await rehydrated(first);
    const { flowId } = first.store.dispatch(flowStarted(uniqueDraft())).payload;
    await waitForStatus(first.store, flowId, 'awaitingPayment');
    const paymentId = selectFlowById(first.store.getState(), flowId)?.paymentId ?? '';
    server.script(CONFIRM, snapshotReply(paymentId, 'processing', 2));
    server.otherwise(STATUS, snapshotReply(paymentId, 'processing', 2));
    first.store.dispatch(
      paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }),
    );
    await waitForStatus(first.store, flowId, 'processing');

    // Log out: the saved state is purged, the page's store closed; the next user logs in.
    await first.persistor.purge();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await first.close();
    token = 'user-b';
    const next = startApp(options);
    await rehydrated(next);
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(selectFlowIds(next.store.getState())).toEqual([]);
    expect(
      server.requests.filter((request) => request.headers.Authorization === 'Bearer user-b'),
    ).toEqual([]);
  });
});
