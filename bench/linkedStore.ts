import { createPaymentsStore } from '../src/payments/createPaymentsStore';
import { silentLogger } from '../src/payments/logger';
import { selectActiveFlows } from '../src/payments/selectors';
import { STORAGE_KEY, storageWithFlows } from './flowFixtures';
import { sleep, whenStore } from './waits';

/**
 * The flows of these stores never need the REST API (awaitingPayment waits for the user, a
 * settling one for the socket); a request that is made anyway fails at once, without a network.
 */
export const dummyApi = {
  baseUrl: 'http://127.0.0.1:9',
  fetch: (): Promise<Response> => Promise.reject(new Error('no REST API in this bench')),
};

/** The shipped default throttle (persistConfig.ts), passed explicitly so the bench can use it. */
export const LINKED_THROTTLE_MS = 500;

/**
 * A createPaymentsStore with N linked awaitingPayment flows and a connected socket. The flows
 * come back through a rehydrate (N flowStarted dispatches would cost O(N²): every action copies
 * the entity map); persistence stays on, as in the shipped store.
 */
export async function createLinkedStore(flows: number, socketUrl: string) {
  const { memory } = await storageWithFlows(flows);
  const created = createPaymentsStore({
    api: dummyApi,
    socket: {
      url: socketUrl,
      transports: ['websocket'],
      getAuthToken: () => 'demo-token',
    },
    storage: { storage: memory.storage, throttleMs: LINKED_THROTTLE_MS },
    logger: silentLogger,
    // This bench measures the socket path. Each settling flow's quiet re-check (one GET per
    // 7.5-15 s by default) would land in later trials as 10,000 failed requests: push it past.
    timings: { quietRecheck: { maxAttempts: 1, baseDelayMs: 3_600_000, maxDelayMs: 3_600_000 } },
  });
  const { store, persistor } = created;
  try {
    await whenStore(
      store,
      () =>
        store.getState().connection.status === 'connected' &&
        selectActiveFlows(store.getState()).length === flows,
      30_000,
      `store with ${flows} flows connected`,
    );
    // Write what the rehydrate queued now, not during a measurement; persistence stays on.
    await persistor.flush();
    // The subscribe ack (no snapshots) is still on its way back; let it land before measuring.
    await sleep(100);
  } catch (error) {
    created.sagaTask.cancel();
    throw error;
  }
  return {
    ...created,
    /** Storage writes so far (memoryStorage.ts). */
    writes: (): number => memory.writesTo(STORAGE_KEY),
    stop(): void {
      created.sagaTask.cancel();
      // Nothing of a stopped store may be written during a later measurement.
      created.persistor.pause();
    },
  };
}
