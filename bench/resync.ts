import { startDemoServer, type DemoServer } from '../server/demoServer';
import { createPaymentsStore } from '../src/payments/createPaymentsStore';
import { silentLogger } from '../src/payments/logger';
import { flowStarted } from '../src/payments/paymentFlowsSlice';
import { selectAllFlows } from '../src/payments/selectors';
import type { PaymentFlow } from '../src/payments/types';
import { draftFor } from './flowFixtures';
import { nextMacrotask, pollUntil, sleep, whenStore, withTimeout } from './waits';

export interface ResyncResult {
  flows: number;
  /** Creating the flows through the real sagas and REST API, until all were awaitingPayment. */
  createMs: number;
  /** From startRealtime resolving to every flow showing the change (includes the reconnect wait). */
  restartToSyncedMs: number;
  /** From the client's `connect` to every flow showing the change: the resync alone. */
  connectToSyncedMs: number;
  subscribeMessages: number;
  /** Bookings subscribed again on a connection that already followed them, while creating. */
  repeatsAtLoad: number;
  /** The same, over the reconnect and resync. */
  repeatsAtResync: number;
}

/** Fast reconnects, so the measure is the resync, not socket.io's default backoff (0.5-5 s). */
const RECONNECT = { reconnectionDelay: 100, reconnectionDelayMax: 500 };
const START_CHUNK = 50;

const isLinked = (flow: PaymentFlow): boolean =>
  flow.status === 'awaitingPayment' && flow.paymentId !== undefined;

/** While the server is down: every booking cancelled in its domain store (payment seq + 1). */
function cancelEverything(server: DemoServer, flows: readonly PaymentFlow[]): void {
  for (const flow of flows) {
    if (flow.bookingId === undefined || flow.paymentId === undefined) continue;
    server.store.bookings.setStatus(flow.bookingId, 'cancelled');
    server.store.payments.transition(flow.paymentId, 'cancelled');
  }
}

async function waitForQuietSubscriptions(server: DemoServer): Promise<void> {
  let previous = -1;
  let quietPolls = 0;
  await pollUntil(
    () => {
      const current = server.realtime.stats().subscribeMessages;
      quietPolls = current === previous ? quietPolls + 1 : 0;
      previous = current;
      return quietPolls >= 3;
    },
    { timeoutMs: 10_000, intervalMs: 100, label: 'subscriptions settling' },
  );
}

export async function measureResync(flows: number, trial: number): Promise<ResyncResult> {
  const server = await startDemoServer({ holdMs: 30 * 60 * 1000 });
  const { store, sagaTask, socket } = createPaymentsStore({
    api: { baseUrl: server.url, getAuthToken: () => 'demo-token' },
    socket: {
      url: server.url,
      transports: ['websocket'],
      getAuthToken: () => 'demo-token',
      ...RECONNECT,
    },
    logger: silentLogger,
  });
  try {
    if (!socket) throw new Error('the store has no socket');
    const linkedCount = () => selectAllFlows(store.getState()).filter(isLinked).length;
    await whenStore(
      store,
      () => store.getState().connection.status === 'connected',
      10_000,
      'connect',
    );
    const createStartedAt = performance.now();
    for (let index = 0; index < flows; index += 1) {
      store.dispatch(flowStarted(draftFor(index, trial * 100_000)));
      if (index % START_CHUNK === START_CHUNK - 1) await nextMacrotask();
    }
    await pollUntil(() => linkedCount() === flows, {
      timeoutMs: 60_000,
      intervalMs: 20,
      label: `${flows} flows awaitingPayment`,
    });
    const createMs = performance.now() - createStartedAt;
    await waitForQuietSubscriptions(server);
    const { subscribeMessages: subscribesBefore, repeatSubscriptions: repeatsAtLoad } =
      server.realtime.stats();

    await server.stopRealtime();
    await whenStore(
      store,
      () => store.getState().connection.status !== 'connected',
      10_000,
      'disconnect noticed',
    );
    cancelEverything(server, selectAllFlows(store.getState()));

    const connected = new Promise<number>((resolve) => {
      socket.once('connect', () => {
        resolve(performance.now());
      });
    });
    const allCancelled = () =>
      selectAllFlows(store.getState()).every((flow) => flow.status === 'cancelled');
    await server.startRealtime();
    const restartedAt = performance.now();
    const syncedAt = await whenStore(store, allCancelled, 30_000, `${flows} flows resynced`);
    const connectedAt = await withTimeout(connected, 1_000, 'connect event');
    // Anything sent late (a second subscribe) would arrive within this.
    await sleep(300);
    return {
      flows,
      createMs,
      restartToSyncedMs: syncedAt - restartedAt,
      connectToSyncedMs: syncedAt - connectedAt,
      subscribeMessages: server.realtime.stats().subscribeMessages - subscribesBefore,
      repeatsAtLoad,
      repeatsAtResync: server.realtime.stats().repeatSubscriptions - repeatsAtLoad,
    };
  } finally {
    sagaTask.cancel();
    await server.close();
  }
}
