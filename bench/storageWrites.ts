import { createPaymentsStore } from '../src/payments/createPaymentsStore';
import { silentLogger } from '../src/payments/logger';
import { paymentStatusesReceived } from '../src/payments/paymentFlowsSlice';
import { selectAllFlows } from '../src/payments/selectors';
import { bookingIdOf, paymentIdOf } from './burstProtocol';
import { STORAGE_KEY, storageWithFlows } from './flowFixtures';
import { dummyApi } from './linkedStore';
import { nextMacrotask, sleep, whenRehydrated } from './waits';

export interface StorageWritesResult {
  throttleMs: number;
  events: number;
  burstMs: number;
  /** setItem calls on the key while the events were being dispatched. */
  writesDuringBurst: number;
  /** The same, plus whatever the final flush wrote. */
  writesWithFlush: number;
}

/**
 * One linked flow, then `events` status updates with rising seq, one per macrotask (as socket
 * messages would come), counting what redux-persist writes to storage.
 */
export async function measureStorageWrites(
  throttleMs: number,
  events: number,
): Promise<StorageWritesResult> {
  const { memory } = await storageWithFlows(1);
  const { store, persistor, sagaTask } = createPaymentsStore({
    api: dummyApi,
    storage: { storage: memory.storage, throttleMs },
    logger: silentLogger,
  });
  try {
    await whenRehydrated(persistor, 10_000, 'rehydrating one flow');
    // Let the write that follows the rehydrate happen before counting.
    await persistor.flush();
    await sleep(throttleMs + 50);
    const before = memory.writesTo(STORAGE_KEY);
    const startedAt = performance.now();
    for (let index = 0; index < events; index += 1) {
      const at = Date.now();
      const update = {
        paymentId: paymentIdOf(0),
        bookingId: bookingIdOf(0),
        status: 'processing' as const,
        seq: 2 + index,
        occurredAt: at,
      };
      store.dispatch(paymentStatusesReceived({ updates: [update], at }));
      await nextMacrotask();
    }
    const burstMs = performance.now() - startedAt;
    const writesDuringBurst = memory.writesTo(STORAGE_KEY) - before;
    await persistor.flush();
    const seq = selectAllFlows(store.getState())[0]?.serverSeq;
    if (seq !== events + 1)
      throw new Error(`the flow holds seq ${seq ?? 'none'}, expected ${events + 1}`);
    return {
      throttleMs,
      events,
      burstMs,
      writesDuringBurst,
      writesWithFlush: memory.writesTo(STORAGE_KEY) - before,
    };
  } finally {
    sagaTask.cancel();
    persistor.pause();
  }
}
