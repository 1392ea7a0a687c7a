/**
 * A host app that mounts the payments reducers and saga in its own store, as the README's
 * host-store recipe does: its own saga middleware, its own `persistReducer`, its own slices.
 */
import { combineReducers, combineSlices, configureStore, createSlice } from '@reduxjs/toolkit';
import { persistReducer, persistStore, type Persistor } from 'redux-persist';
import createSagaMiddleware, { type Task } from 'redux-saga';
import {
  connectionSlice,
  createPaymentsDeps,
  createPaymentsPersistConfig,
  flowStarted,
  makePaymentsTestStore,
  paymentFlowsSlice,
  paymentsReducers,
  paymentsSaga,
  PERSIST_ACTIONS,
  selectFlowById,
  selectFlowIds,
  type PaymentsRootState,
  type WithPaymentFlows,
} from '../../src/index';
import type { WithConnection } from '../../src/payments/socket/connectionSlice';
import { persistedFlowSchema, type PersistedFlow } from '../../src/payments/persistence/flowRecord';
import { flowEntryKey } from '../../src/payments/persistence/storageLayout';
import type { PaymentFlow } from '../../src/payments/types';
import { createLogger, silentLogger, type LogLevel } from '../../src/payments/logger';
import { createMemoryStorage, type MemoryStorage } from '../helpers/memoryStorage';
import { testTimings, uniqueDraft } from '../helpers/paymentsTestStore';
import { createScriptedFetch, type ScriptedFetch } from '../helpers/scriptedFetch';
import { BOOKINGS, bookingReply } from './sagas/fixtures';
import {
  persistedFlow,
  storedFlow,
  storedFlows,
  storedValue,
} from './persistence/persistenceHarness';
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

const HOST_KEY = 'host-app';
const HOST_STORAGE_KEY = `persist:${HOST_KEY}`;

interface Logged {
  level: LogLevel;
  message: string;
}

/** The sagas' logger, kept: a saga that crashed says so here. */
function recordingLogger() {
  const lines: Logged[] = [];
  const logger = createLogger({
    level: 'debug',
    sink: (level, message) => {
      lines.push({ level, message });
    },
  });
  return { logger, errors: () => lines.filter((line) => line.level === 'error') };
}

const running: { task: Task; persistor?: Persistor }[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) {
    app.task.cancel();
    if (app.persistor) {
      await app.persistor.flush();
      app.persistor.pause();
    }
  }
});

/** The README's recipe: the payments persist config wraps the host's root reducer. */
function startPersistedHost(memory: MemoryStorage, server: ScriptedFetch, throttleMs = 5) {
  const persistConfig = createPaymentsPersistConfig<
    PaymentsRootState & { cart: { items: number } }
  >({ storage: memory.storage, key: HOST_KEY, throttleMs }, silentLogger);
  const reducer = persistReducer(
    persistConfig,
    combineReducers({ ...paymentsReducers, cart: cartSlice.reducer }),
  );
  const sagaMiddleware = createSagaMiddleware();
  const store = configureStore({
    reducer,
    middleware: (getDefaultMiddleware) =>
      getDefaultMiddleware({ serializableCheck: { ignoredActions: PERSIST_ACTIONS } }).concat(
        sagaMiddleware,
      ),
  });
  const app: { task: Task; persistor?: Persistor } = {
    task: sagaMiddleware.run(
      paymentsSaga,
      createPaymentsDeps({
        api: { baseUrl: server.baseUrl, fetch: server.fetch },
        logger: silentLogger,
        timings: testTimings,
        persistence: { key: HOST_KEY, flush: () => app.persistor?.flush() ?? Promise.resolve() },
      }),
    ),
  };
  app.persistor = persistStore(store);
  running.push(app);
  return { store };
}

const flowIn = (state: WithPaymentFlows, flowId: string): PaymentFlow | undefined =>
  selectFlowById(state, flowId);

describe('a host store with its own persistReducer', () => {
  it('resumes a flow saved in creatingBooking after a reload, with the same idempotency key', async () => {
    const saved = persistedFlow({ status: 'creatingBooking' });
    const memory = createMemoryStorage({ [HOST_STORAGE_KEY]: storedValue([saved]) });
    const server = createScriptedFetch();
    server.script(BOOKINGS, bookingReply());

    const { store } = startPersistedHost(memory, server);

    await waitForStoreState(
      store,
      (state) => flowIn(state, saved.flowId)?.status === 'awaitingPayment',
    );
    const bookingRequests = server.requests.filter((request) => request.route === BOOKINGS);
    expect(bookingRequests).toHaveLength(1);
    expect(bookingRequests[0]?.headers['Idempotency-Key']).toBe(saved.flowId);
  });

  it('writes the flow to storage before its booking request leaves', async () => {
    const memory = createMemoryStorage();
    const server = createScriptedFetch();
    let storedAtRequest: PersistedFlow[] | undefined;
    server.script(BOOKINGS, bookingReply());
    const { store } = startPersistedHost(
      memory,
      {
        ...server,
        fetch: (url, init) => {
          storedAtRequest = storedFlows(memory, HOST_STORAGE_KEY);
          return server.fetch(url, init);
        },
      },
      2_000,
    );
    await waitForStoreState(store, (state) => state._persist.rehydrated);

    const { flowId } = store.dispatch(flowStarted(uniqueDraft())).payload;
    await waitForStoreState(store, (state) => flowIn(state, flowId)?.status === 'awaitingPayment');

    expect(storedFlow(storedAtRequest, flowId)?.status).toBe('creatingBooking');
  });

  it("stores only the payments' safe fields, and the host's other slices not at all", async () => {
    const memory = createMemoryStorage();
    const server = createScriptedFetch();
    server.script(BOOKINGS, bookingReply());
    const { store } = startPersistedHost(memory, server);
    await waitForStoreState(store, (state) => state._persist.rehydrated);
    store.dispatch(cartSlice.actions.itemAdded());
    const { flowId } = store.dispatch(flowStarted(uniqueDraft())).payload;
    await waitForStoreState(store, (state) => flowIn(state, flowId)?.status === 'awaitingPayment');
    await memory.waitForWrite(
      () => storedFlow(memory, flowId, HOST_STORAGE_KEY)?.status === 'awaitingPayment',
    );

    const index = memory.get(HOST_STORAGE_KEY) ?? '{}';
    expect(Object.keys(JSON.parse(index) as object).sort()).toEqual(['_persist', 'paymentFlows']);
    const { paymentFlows } = JSON.parse(index) as { paymentFlows: string };
    expect(Object.keys(JSON.parse(paymentFlows) as object)).toEqual(['flows', 'retired', 'saved']);
    expect(memory.keys().sort()).toEqual([
      HOST_STORAGE_KEY,
      flowEntryKey(HOST_STORAGE_KEY, flowId),
    ]);
    const storedKeys = Object.keys(storedFlow(memory, flowId, HOST_STORAGE_KEY) ?? {});
    const safeKeys = Object.keys(persistedFlowSchema.shape);
    expect(storedKeys.filter((key) => !safeKeys.includes(key))).toEqual([]);
  });

  it('two tabs of a host app keep each other’s flows in its storage key', async () => {
    const memory = createMemoryStorage();
    const server = createScriptedFetch();
    server.script(BOOKINGS, bookingReply());
    server.script(BOOKINGS, bookingReply());
    const tabs = [startPersistedHost(memory, server), startPersistedHost(memory, server)];
    await Promise.all(
      tabs.map(({ store }) => waitForStoreState(store, (s) => s._persist.rehydrated)),
    );

    const flowIds = tabs.map(({ store }) => store.dispatch(flowStarted(uniqueDraft())).payload);
    await Promise.all(
      tabs.map(({ store }, index) =>
        waitForStoreState(
          store,
          (s) => flowIn(s, flowIds[index]?.flowId ?? '')?.status === 'awaitingPayment',
        ),
      ),
    );
    await memory.waitForWrite(() =>
      flowIds.every(
        ({ flowId }) => storedFlow(memory, flowId, HOST_STORAGE_KEY)?.status === 'awaitingPayment',
      ),
    );
    for (const { flowId } of flowIds) {
      expect(storedFlow(memory, flowId, HOST_STORAGE_KEY)?.status).toBe('awaitingPayment');
    }
  });
});

describe('a host store with lazily injected slices (combineSlices)', () => {
  function startLazyHost(server: ScriptedFetch) {
    const reducer = combineSlices(cartSlice).withLazyLoadedSlices<
      WithPaymentFlows & WithConnection
    >();
    const sagaMiddleware = createSagaMiddleware();
    const store = configureStore({
      reducer,
      middleware: (getDefaultMiddleware) => getDefaultMiddleware().concat(sagaMiddleware),
    });
    const { logger, errors } = recordingLogger();
    const startSagas = () => {
      running.push({
        task: sagaMiddleware.run(
          paymentsSaga,
          createPaymentsDeps({
            api: { baseUrl: server.baseUrl, fetch: server.fetch },
            logger,
            timings: testTimings,
          }),
        ),
      });
    };
    const injectPayments = () => {
      reducer.inject(paymentFlowsSlice);
      reducer.inject(connectionSlice);
      // combineSlices takes the new slices into the state on the next action.
      store.dispatch(cartSlice.actions.itemAdded());
    };
    return { store, errors, startSagas, injectPayments };
  }

  it.each([
    ['the sagas start before the slices are injected', ['sagas', 'inject']],
    ['the slices are injected before the sagas start', ['inject', 'sagas']],
  ])('runs a flow when %s', async (_, order) => {
    const server = createScriptedFetch();
    server.script(BOOKINGS, bookingReply());
    const host = startLazyHost(server);
    for (const step of order) {
      if (step === 'sagas') host.startSagas();
      else host.injectPayments();
      host.store.dispatch(cartSlice.actions.itemAdded());
    }

    const { flowId } = host.store.dispatch(flowStarted(uniqueDraft())).payload;
    await waitForStoreState(
      host.store,
      (state) => flowIn(state, flowId)?.status === 'awaitingPayment',
    );
    expect(host.errors()).toEqual([]);
    expect(running.at(-1)?.task.isRunning()).toBe(true);
  });

  it('reads no flows, without throwing, before the slices are injected', () => {
    const host = startLazyHost(createScriptedFetch());
    host.startSagas();
    host.store.dispatch(cartSlice.actions.itemAdded());
    expect(selectFlowIds(host.store.getState())).toEqual([]);
    expect(host.errors()).toEqual([]);
  });
});

describe('makePaymentsTestStore', () => {
  it('starts from the state a host test gives it, with no sagas acting on it', async () => {
    const started = flowStarted(uniqueDraft());
    const store = makePaymentsTestStore({
      paymentFlows: paymentFlowsSlice.reducer(undefined, started),
    });
    store.dispatch(cartSlice.actions.itemAdded());
    await new Promise((resolve) => setImmediate(resolve));
    expect(selectFlowById(store.getState(), started.payload.flowId)?.status).toBe('draft');
  });
});
