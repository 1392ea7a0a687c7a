import { createPaymentsStore } from '../src/payments/createPaymentsStore';
import { silentLogger } from '../src/payments/logger';
import { paymentStatusesReceived } from '../src/payments/paymentFlowsSlice';
import { selectAllFlows } from '../src/payments/selectors';
import { bookingIdOf, paymentIdOf } from './burstProtocol';
import { STORAGE_KEY, storageWithFlows } from './flowFixtures';
import { dummyApi } from './linkedStore';
import { nextMacrotask, sleep, whenRehydrated } from './waits';

/**
 * The goal over sustained load: while flows keep changing, one write per throttle window, no
 * more (the throttle works) and no fewer (it is a throttle, not a debounce that starves storage
 * until the load stops). Writes fire at the first change + k × throttle, so a run of
 * `durationMs` holds floor(durationMs / throttleMs) of them; one late timer on a loaded machine
 * is allowed. Unthrottled (0), there is no goal: that row shows what the throttle saves.
 */
export function sustainedWritesVerdict(
  throttleMs: number,
  durationsMs: readonly number[],
  writes: readonly number[],
): string {
  if (throttleMs <= 0) return '';
  // Shorter than two windows, 0 or 1 write is all any throttle, debounce or none would give.
  const tooShort = durationsMs.some((duration) => duration < 2 * throttleMs);
  if (tooShort) return '**not measured**: load shorter than two throttle windows';
  const within = writes.every((count, trial) => {
    const windows = (durationsMs[trial] ?? Number.NaN) / throttleMs;
    return count <= Math.ceil(windows) && count >= Math.floor(windows) - 1;
  });
  return within && writes.length > 0 ? 'met' : '**missed**';
}

export interface StorageWritesResult {
  throttleMs: number;
  events: number;
  burstMs: number;
  /** Storage writes while the events were being dispatched (memoryStorage.ts). */
  writesDuringBurst: number;
  /** The same, plus whatever the final flush wrote. */
  writesWithFlush: number;
}

/**
 * One linked flow, then `events` status updates with rising seq, one per macrotask (as socket
 * messages would come), spread evenly over `durationMs`, counting what redux-persist writes to
 * storage. The load must outlast several throttle windows: dispatched back to back, 1,000 events
 * took 50-200 ms, inside the first 500 ms window, so 'writes during burst' read 0 whatever the
 * throttle did (100 ms gave the same 0, and so would a debounce that never writes under load).
 */
export async function measureStorageWrites(
  throttleMs: number,
  events: number,
  durationMs: number,
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
      // The next event is due at its even share of the duration; never two in one macrotask.
      const wait = startedAt + ((index + 1) * durationMs) / events - performance.now();
      if (wait >= 1) await sleep(wait);
      else await nextMacrotask();
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
