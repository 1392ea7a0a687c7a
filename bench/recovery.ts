import { createPaymentsStore } from '../src/payments/createPaymentsStore';
import { createLogger, silentLogger, type LogSink } from '../src/payments/logger';
import { flowStarted } from '../src/payments/paymentFlowsSlice';
import { selectAllFlows } from '../src/payments/selectors';
import { draftFor, STORAGE_KEY, storageWithFlows } from './flowFixtures';
import { settledHeap } from './heap';
import { dummyApi } from './linkedStore';
import { createMemoryStorage, storedChars } from './memoryStorage';
import { createScriptedApi } from './scriptedApi';
import { pollUntil, whenRehydrated } from './waits';

export interface RecoveryTrial {
  /** createPaymentsStore called → the 'resuming N saved flows' log line. */
  toResumingLineMs: number;
  /** createPaymentsStore called → the 'resumed N saved flows' log line (every flow resumed). */
  toAllStartedMs: number;
  /** createPaymentsStore called → the persistor reports bootstrapped, after REHYDRATE's dispatch. */
  toRehydratedMs: number;
}

export interface RecoveryResult {
  flows: number;
  storedChars: number;
  trials: RecoveryTrial[];
}

/** A logger sink that notes when the resume saga reached each milestone. */
function milestoneSink(flows: number) {
  const marks = { resuming: Number.NaN, allStarted: Number.NaN };
  const sink: LogSink = (_level, message) => {
    if (message === `resuming ${flows} saved flows`) marks.resuming = performance.now();
    if (message.startsWith(`resumed ${flows} saved flows:`)) marks.allStarted = performance.now();
  };
  return { sink, marks };
}

async function recoverOnce(
  flows: number,
  contents: Record<string, string>,
): Promise<RecoveryTrial> {
  const memory = createMemoryStorage(contents);
  const { sink, marks } = milestoneSink(flows);
  const startedAt = performance.now();
  const { persistor, sagaTask } = createPaymentsStore({
    api: dummyApi,
    storage: { storage: memory.storage },
    logger: createLogger({ level: 'debug', sink }),
  });
  try {
    const rehydratedAt = await whenRehydrated(persistor, 20_000, `rehydrating ${flows} flows`);
    if (Number.isNaN(marks.allStarted)) {
      throw new Error(`${flows} flows were not all resumed by the end of REHYDRATE`);
    }
    return {
      toResumingLineMs: marks.resuming - startedAt,
      toAllStartedMs: marks.allStarted - startedAt,
      toRehydratedMs: rehydratedAt - startedAt,
    };
  } finally {
    sagaTask.cancel();
    // The first write after the restore is the page's next job, not part of its recovery: it
    // must end here, not run into the next trial's timed window.
    await persistor.flush();
    persistor.pause();
  }
}

export async function measureRecovery(flows: number, trials: number): Promise<RecoveryResult> {
  const result: RecoveryResult = { flows, storedChars: 0, trials: [] };
  for (let trial = 0; trial < trials; trial += 1) {
    // Flows of their own each trial, as a page load finds flows this process never saw: the
    // same flowIds again would find V8's hidden classes for objects keyed by them warm.
    const { contents } = await storageWithFlows(flows);
    result.storedChars = storedChars(contents);
    await settledHeap();
    result.trials.push(await recoverOnce(flows, contents));
  }
  return result;
}

/**
 * What a real store stores (characters, every key): createPaymentsStore with persistence and a
 * scripted API, N flows started by flowStarted and taken to awaitingPayment by the sagas,
 * then persistor.flush().
 */
export async function storedByRealStore(flows: number): Promise<number> {
  const memory = createMemoryStorage();
  const { store, persistor, sagaTask } = createPaymentsStore({
    api: createScriptedApi(),
    storage: { storage: memory.storage },
    logger: silentLogger,
  });
  try {
    await whenRehydrated(persistor, 10_000, 'empty rehydrate');
    for (let index = 0; index < flows; index += 1) store.dispatch(flowStarted(draftFor(index)));
    const linked = () =>
      selectAllFlows(store.getState()).filter((flow) => flow.status === 'awaitingPayment').length;
    await pollUntil(() => linked() === flows, {
      timeoutMs: 30_000,
      intervalMs: 10,
      label: `${flows} flows awaitingPayment`,
    });
    await persistor.flush();
    if (memory.get(STORAGE_KEY) === undefined) throw new Error('the store wrote nothing');
    return storedChars(memory.contents(STORAGE_KEY));
  } finally {
    sagaTask.cancel();
    persistor.pause();
  }
}
