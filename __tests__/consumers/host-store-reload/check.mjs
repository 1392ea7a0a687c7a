// A host app with its own store, as the README's host-store recipe builds it: its own
// configureStore, saga middleware, persistReducer over its root reducer (payments + its own
// cart slice) and an async storage. The page is "reloaded" while the booking request hangs:
// the second store, over the same storage, must resume the flow with the same Idempotency-Key
// and reach awaitingPayment, with exactly one booking made on the server.
import assert from 'node:assert/strict';
import http from 'node:http';
import { combineReducers, configureStore, createSlice } from '@reduxjs/toolkit';
import createSagaMiddleware from 'redux-saga';
import { persistReducer, persistStore } from 'redux-persist';
import {
  createLogger,
  createPaymentsDeps,
  createPaymentsPersistConfig,
  flowStarted,
  paymentsReducers,
  paymentsSaga,
  PERSIST_ACTIONS,
  selectFlowById,
} from 'payment-flows';

const KEY = 'host-app';
const logger = createLogger({ level: 'warn' });

// ---- The booking server: idempotent per key (docs/PROTOCOL.md), first answer held back. ----
const requests = [];
const recorded = new Map(); // Idempotency-Key -> the 201 body
const held = [];
let firstRequest;
const firstRequestArrived = new Promise((resolve) => (firstRequest = resolve));

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    if (req.method !== 'POST' || req.url !== '/api/bookings') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { code: 'not_found', message: `${req.method} ${req.url}` } }),
      );
      return;
    }
    const key = req.headers['idempotency-key'];
    requests.push({ key, body: JSON.parse(body) });
    const replay = recorded.get(key);
    if (replay) {
      res.writeHead(201, { 'content-type': 'application/json', 'idempotent-replayed': 'true' });
      res.end(JSON.stringify(replay));
      return;
    }
    // First use of the key: the booking is made and recorded, but the answer never leaves
    // (the page is reloaded before it arrives).
    recorded.set(key, {
      bookingId: `bk_${recorded.size + 1}`,
      status: 'held',
      holdExpiresAt: Date.now() + 10 * 60_000,
      amount: { value: 5000, currency: 'EUR' },
      payment: { paymentId: `pay_${recorded.size + 1}`, status: 'awaitingPayment', seq: 1 },
    });
    held.push(res);
    firstRequest();
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}`;

// ---- The host's storage: async, in memory, survives the "reload". ----
const data = new Map();
const storage = {
  getItem: async (key) => data.get(key) ?? null,
  setItem: async (key, value) => {
    data.set(key, value);
  },
  removeItem: async (key) => {
    data.delete(key);
  },
};
// Each flow under its own key, listed by the persist key (from stored version 5).
const storedFlow = (flowId) => {
  const value = data.get(`persist:${KEY}`);
  if (value === undefined) return undefined;
  const { paymentFlows } = JSON.parse(value);
  if (!paymentFlows || !JSON.parse(paymentFlows).saved.includes(flowId)) return undefined;
  const entry = data.get(`persist:${KEY}/flow/${flowId}`);
  return entry === undefined ? undefined : JSON.parse(entry);
};

// ---- The host app: its own store, saga middleware and persistReducer. ----
const cart = createSlice({
  name: 'cart',
  initialState: { items: 0 },
  reducers: { itemAdded: (state) => void (state.items += 1) },
});

function startHostApp() {
  const reducer = persistReducer(
    createPaymentsPersistConfig({ storage, key: KEY, throttleMs: 50 }, logger),
    combineReducers({ ...paymentsReducers, cart: cart.reducer }),
  );
  const sagaMiddleware = createSagaMiddleware();
  const store = configureStore({
    reducer,
    middleware: (getDefaultMiddleware) =>
      getDefaultMiddleware({ serializableCheck: { ignoredActions: PERSIST_ACTIONS } }).concat(
        sagaMiddleware,
      ),
  });
  const app = { store, persistor: undefined };
  app.task = sagaMiddleware.run(
    paymentsSaga,
    createPaymentsDeps({
      api: { baseUrl },
      logger,
      persistence: { key: KEY, flush: () => app.persistor?.flush() ?? Promise.resolve() },
    }),
  );
  app.persistor = persistStore(store);
  return app;
}

function waitFor(store, predicate, what, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!predicate(store.getState())) return;
      done();
      resolve(store.getState());
    };
    const unsubscribe = store.subscribe(check);
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    function done() {
      unsubscribe();
      clearTimeout(timer);
    }
    check();
  });
}

const watchdog = setTimeout(() => {
  console.error('host-store-reload: no result in 30 s', { requests });
  process.exit(1);
}, 30_000);

// First page: start a booking; its request hangs on the server.
const first = startHostApp();
await waitFor(first.store, (state) => state._persist.rehydrated, 'the first rehydration');
first.store.dispatch(cart.actions.itemAdded());
const draft = {
  resourceId: 'room-1',
  start: Date.now() + 86_400_000,
  durationMinutes: 60,
  bookingType: 'FIRM',
};
const { flowId } = first.store.dispatch(flowStarted(draft)).payload;
await firstRequestArrived;
assert.equal(selectFlowById(first.store.getState(), flowId)?.status, 'creatingBooking');
// Written ahead: the flow was in storage before its request left.
assert.equal(storedFlow(flowId)?.status, 'creatingBooking', 'the flow was not written ahead');

// The reload: the page dies as it is; nothing more is written, its sagas and request stop.
first.persistor.pause();
first.task.cancel();

// Second page, same storage: the flow is resumed with the same key and the booking replayed.
const second = startHostApp();
const state = await waitFor(
  second.store,
  (s) => selectFlowById(s, flowId)?.status === 'awaitingPayment',
  `flow ${flowId} to reach awaitingPayment after the reload`,
);
const flow = selectFlowById(state, flowId);
assert.equal(flow.bookingId, 'bk_1');
assert.equal(state.cart.items, 0, "the host's own slice is not stored by the payments config");
assert.equal(recorded.size, 1, 'exactly one booking on the server');
assert.equal(requests.length, 2, 'one request before the reload, one after');
assert.deepEqual(
  requests.map((request) => request.key),
  [flowId, flowId],
  'both requests carry the flowId as Idempotency-Key',
);
assert.deepEqual(requests[1].body, requests[0].body, 'the same booking request is re-sent');

second.task.cancel();
await second.persistor.flush();
second.persistor.pause();
clearTimeout(watchdog);
for (const res of held) res.destroy();
server.closeAllConnections();
await new Promise((resolve) => server.close(resolve));
console.log(
  `host-store-reload: flow ${flowId} resumed after the reload with the same Idempotency-Key; ` +
    `${requests.length} requests, ${recorded.size} booking, status ${flow.status}`,
);
