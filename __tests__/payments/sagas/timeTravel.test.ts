/**
 * @jest-environment node
 */
// From redux, not @reduxjs/toolkit: RTK must first load after the extension is in place.
import { compose, type StoreEnhancer } from 'redux';
import { ActionCreators, instrument } from '@redux-devtools/instrument';
import type { PaymentsStoreOptions } from '../../../src/payments/createPaymentsStore';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import { BOOKINGS, bookingReply } from './fixtures';

/**
 * Issue 12: Redux DevTools time-travelling while the sagas and the server are live. The
 * extension is simulated by its own instrument enhancer, installed where RTK looks for it.
 */
interface DevToolsWindow {
  __REDUX_DEVTOOLS_EXTENSION_COMPOSE__?: () => (...enhancers: StoreEnhancer[]) => StoreEnhancer;
}

beforeAll(() => {
  // Node (the scripted server needs its fetch Response), with just enough of a page for RTK to
  // find the extension and for the store to know its origin.
  const page: DevToolsWindow & {
    location: { origin: string; pathname: string };
    addEventListener: () => void;
    removeEventListener: () => void;
  } = {
    location: { origin: 'http://shop.test', pathname: '/' },
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    __REDUX_DEVTOOLS_EXTENSION_COMPOSE__:
      () =>
      (...enhancers) =>
        compose(...enhancers, instrument()) as StoreEnhancer,
  };
  Object.assign(globalThis, { window: page });
  // RTK looks for the extension when it is first loaded: load it (and the store) afresh.
  jest.resetModules();
});

afterAll(() => {
  Reflect.deleteProperty(globalThis, 'window');
});

interface LiftedStore {
  dispatch(action: unknown): unknown;
  getState(): {
    computedStates: { state: unknown }[];
    currentStateIndex: number;
    actionsById: Record<string, { action: { type: string } }>;
  };
}

async function liveStoreWithDevTools() {
  const { createPaymentsStore } = await import('../../../src/payments/createPaymentsStore');
  const { flowStarted, paymentFlowsSlice } =
    await import('../../../src/payments/paymentFlowsSlice');
  const { flowWatched } = await import('../../../src/payments/socket/connectionSlice');
  const { selectFlowById } = await import('../../../src/payments/selectors');
  const { testTimings, uniqueDraft, waitForStatus } =
    await import('../../helpers/paymentsTestStore');
  const { silentLogger } = await import('../../../src/payments/logger');
  const server = createScriptedFetch();
  const options: PaymentsStoreOptions = {
    api: { baseUrl: server.baseUrl, fetch: server.fetch },
    logger: silentLogger,
    timings: testTimings,
    devTools: true,
  };
  const created = createPaymentsStore(options);
  const lifted = (created.store as unknown as { liftedStore: LiftedStore }).liftedStore;
  return {
    ...created,
    server,
    lifted,
    flowStarted,
    flowWatched,
    selectFlowById,
    uniqueDraft,
    waitForStatus,
    sliceName: paymentFlowsSlice.name,
  };
}

describe('time travel in Redux DevTools with live sagas (issue 12)', () => {
  it('a status event that arrives while a past state is viewed is applied: back in the present, the flow is succeeded', async () => {
    const { startDemoServer } = await import('../../../server/demoServer');
    const { createPaymentsStore } = await import('../../../src/payments/createPaymentsStore');
    const { flowStarted, paymentSubmitted } =
      await import('../../../src/payments/paymentFlowsSlice');
    const { selectFlowById } = await import('../../../src/payments/selectors');
    const { silentLogger } = await import('../../../src/payments/logger');
    const { uniqueDraft, waitForStatus } = await import('../../helpers/paymentsTestStore');
    const server = await startDemoServer({ processingDelayMs: 300 });
    const created = createPaymentsStore({
      api: { baseUrl: server.url, getAuthToken: () => 'demo-token' },
      socket: { url: server.url, getAuthToken: () => 'demo-token', transports: ['websocket'] },
      logger: silentLogger,
      devTools: true,
    });
    const lifted = (created.store as unknown as { liftedStore: LiftedStore }).liftedStore;
    try {
      const { flowId } = created.store.dispatch(flowStarted(uniqueDraft())).payload;
      await waitForStatus(created.store, flowId, 'awaitingPayment');
      created.store.dispatch(
        paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }),
      );
      await waitForStatus(created.store, flowId, 'processing');
      const paymentId = selectFlowById(created.store.getState(), flowId)?.paymentId ?? '';

      // Viewing the moment before the booking existed: its payment is in no index there.
      const started = Object.entries(lifted.getState().actionsById).find(
        ([, { action }]) => action.type === flowStarted.type,
      );
      lifted.dispatch(ActionCreators.jumpToAction(Number(started?.[0])));
      expect(selectFlowById(created.store.getState(), flowId)?.paymentId).toBeUndefined();
      await new Promise<void>((resolve) => {
        const stop = server.store.payments.onPaymentChange((snapshot) => {
          if (snapshot.paymentId !== paymentId || snapshot.status !== 'succeeded') return;
          stop();
          resolve();
        });
      });
      await new Promise((resolve) => setTimeout(resolve, 200));

      const { computedStates } = lifted.getState();
      lifted.dispatch(ActionCreators.jumpToState(computedStates.length - 1));
      expect(selectFlowById(created.store.getState(), flowId)?.status).toBe('succeeded');
    } finally {
      await created.close();
      await server.close();
    }
  });

  it('a sweep replays redux-persist’s PERSIST without reading storage into the live store again', async () => {
    const { createPaymentsStore } = await import('../../../src/payments/createPaymentsStore');
    const { silentLogger } = await import('../../../src/payments/logger');
    const { createMemoryStorage } = await import('../../helpers/memoryStorage');
    const { REHYDRATE } = await import('redux-persist');
    const memory = createMemoryStorage();
    const created = createPaymentsStore({
      api: { baseUrl: 'http://api.test', fetch: () => Promise.reject(new Error('offline')) },
      storage: { storage: memory.storage, throttleMs: 5 },
      logger: silentLogger,
      devTools: true,
    });
    const lifted = (created.store as unknown as { liftedStore: LiftedStore }).liftedStore;
    const rehydrates = () =>
      Object.values(lifted.getState().actionsById).filter(({ action }) => action.type === REHYDRATE)
        .length;
    try {
      await new Promise<void>((resolve) => {
        const check = () => {
          if (created.persistor.getState().bootstrapped) resolve();
        };
        created.persistor.subscribe(check);
        check();
      });
      expect(rehydrates()).toBe(1);

      lifted.dispatch(ActionCreators.sweep());
      await new Promise((resolve) => setTimeout(resolve, 50));

      expect(rehydrates()).toBe(1);
    } finally {
      await created.close();
    }
  });

  it('viewing a past state never makes the sagas act on it: no second booking request', async () => {
    const app = await liveStoreWithDevTools();
    try {
      app.server.script(BOOKINGS, bookingReply());
      const { flowId } = app.store.dispatch(app.flowStarted(app.uniqueDraft())).payload;
      await app.waitForStatus(app.store, flowId, 'awaitingPayment');

      // The developer steps back to just after Confirm, when the flow was creating its booking,
      // then the page shows the flow (a component mounts and watches it).
      app.lifted.dispatch(ActionCreators.jumpToState(2));
      expect(app.selectFlowById(app.store.getState(), flowId)?.status).toBe('creatingBooking');
      app.store.dispatch(app.flowWatched({ flowId }));
      await new Promise((resolve) => setTimeout(resolve, 50));

      expect(app.server.requestsTo(BOOKINGS).length).toBe(1);
      const { computedStates } = app.lifted.getState();
      app.lifted.dispatch(ActionCreators.jumpToState(computedStates.length - 1));
      expect(app.selectFlowById(app.store.getState(), flowId)?.status).toBe('awaitingPayment');
    } finally {
      await app.close();
    }
  });

  it('skipping an action never makes the sagas act on the history without it: no second booking request', async () => {
    const app = await liveStoreWithDevTools();
    try {
      app.server.script(BOOKINGS, bookingReply(), bookingReply());
      const { flowId } = app.store.dispatch(app.flowStarted(app.uniqueDraft())).payload;
      await app.waitForStatus(app.store, flowId, 'awaitingPayment');

      // The developer skips the booking's answer: DevTools recompute a history without it...
      const answer = Object.entries(app.lifted.getState().actionsById).find(
        ([, { action }]) => action.type === 'paymentFlows/bookingCreated',
      );
      app.lifted.dispatch(ActionCreators.toggleAction(Number(answer?.[0])));
      expect(app.selectFlowById(app.store.getState(), flowId)?.status).toBe('creatingBooking');
      // ...while the page goes on: a component mounts and watches the flow (a live action).
      app.store.dispatch(app.flowWatched({ flowId }));
      await new Promise((resolve) => setTimeout(resolve, 50));

      expect(app.server.requestsTo(BOOKINGS).length).toBe(1);
      app.lifted.dispatch(ActionCreators.toggleAction(Number(answer?.[0])));
      expect(app.selectFlowById(app.store.getState(), flowId)?.status).toBe('awaitingPayment');
    } finally {
      await app.close();
    }
  });
});

describe('DevTools replays never touch storage (issue 12)', () => {
  async function persistedStoreWithDevTools() {
    const app = await liveStoreWithDevTools();
    const { createPaymentsStore } = await import('../../../src/payments/createPaymentsStore');
    const { silentLogger } = await import('../../../src/payments/logger');
    const { testTimings } = await import('../../helpers/paymentsTestStore');
    const { createMemoryStorage } = await import('../../helpers/memoryStorage');
    const { REHYDRATE } = await import('redux-persist');
    await app.close();
    const memory = createMemoryStorage();
    let reads = 0;
    const storage = {
      ...memory.storage,
      getItem: (key: string) => {
        reads += 1;
        return memory.storage.getItem(key);
      },
    };
    const created = createPaymentsStore({
      api: { baseUrl: app.server.baseUrl, fetch: app.server.fetch },
      storage: { storage, throttleMs: 5 },
      logger: silentLogger,
      timings: testTimings,
      devTools: true,
    });
    const lifted = (created.store as unknown as { liftedStore: LiftedStore }).liftedStore;
    const rehydrates = () =>
      Object.values(lifted.getState().actionsById).filter(({ action }) => action.type === REHYDRATE)
        .length;
    return { ...app, ...created, memory, lifted, rehydrates, reads: () => reads };
  }

  it('a sweep, a commit and an import write nothing and read nothing, REHYDRATE runs once, and live actions are still saved', async () => {
    const app = await persistedStoreWithDevTools();
    try {
      app.server.script(BOOKINGS, bookingReply());
      const { flowId } = app.store.dispatch(app.flowStarted(app.uniqueDraft())).payload;
      await app.waitForStatus(app.store, flowId, 'awaitingPayment');
      await app.persistor.flush();
      const saved = app.memory.writes.length;
      expect(saved).toBeGreaterThan(0);
      // Each write reads first: it merges with what other tabs stored.
      const readsWhenSaved = app.reads();
      expect(readsWhenSaved).toBeGreaterThan(1);
      const exported = JSON.parse(JSON.stringify(app.lifted.getState())) as unknown;
      const actions = Object.values(app.lifted.getState().actionsById).map(({ action }) => action);

      // Skipping the booking's answer, then sweeping it away, recomputes every later state.
      const created = Object.entries(app.lifted.getState().actionsById).find(
        ([, { action }]) => action.type === 'paymentFlows/bookingCreated',
      );
      app.lifted.dispatch(ActionCreators.toggleAction(Number(created?.[0])));
      app.lifted.dispatch(ActionCreators.sweep());
      app.lifted.dispatch(ActionCreators.commit());
      app.lifted.dispatch(ActionCreators.importState(exported as never));
      app.lifted.dispatch(ActionCreators.importState(actions));
      await app.persistor.flush();

      expect(app.memory.writes.length).toBe(saved);
      expect(app.reads()).toBe(readsWhenSaved);
      expect(app.rehydrates()).toBe(1);

      // Live actions are still saved: the next flow reaches storage.
      app.server.script(BOOKINGS, bookingReply());
      const next = app.store.dispatch(app.flowStarted(app.uniqueDraft())).payload.flowId;
      await app.memory.waitForWrite((write) => write.value.includes(next));
    } finally {
      await app.close();
    }
  });
});
