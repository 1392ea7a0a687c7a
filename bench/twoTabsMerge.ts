/**
 * Issue 13: what a flow update costs with other tabs. A tab's write merges with what other
 * tabs stored, and the tab driving a flow sends each change of it to the others. Run with
 * `npx tsx bench/twoTabsMerge.ts`. Reads and writes count the persist key and its flow entries
 * (storageLayout.ts).
 */
import { createPaymentsStore } from '../src/payments/createPaymentsStore';
import { silentLogger } from '../src/payments/logger';
import type { TabCoordination } from '../src/payments/tabs/browserTabs';
import { paymentStatusesReceived } from '../src/payments/paymentFlowsSlice';
import type { KeyValueStorage } from '../src/payments/persistence/guardedStorage';
import { bookingIdOf, paymentIdOf } from './burstProtocol';
import { STORAGE_KEY, storageWithFlows } from './flowFixtures';
import { dummyApi } from './linkedStore';
import { sleep, whenRehydrated } from './waits';

/** An in-memory storage counting reads, writes and the bytes written (UTF-16 code units). */
function countingStorage(initial: Record<string, string>) {
  const data = new Map(Object.entries(initial));
  const counts = { reads: 0, writes: 0, bytes: 0 };
  const storage: KeyValueStorage = {
    getItem: async (key) => {
      if (key.startsWith(STORAGE_KEY)) counts.reads += 1;
      return data.get(key) ?? null;
    },
    setItem: async (key, value) => {
      if (key.startsWith(STORAGE_KEY)) {
        counts.writes += 1;
        counts.bytes += value.length;
      }
      data.set(key, value);
    },
    removeItem: async (key) => {
      data.delete(key);
    },
  };
  return { storage, counts, get: (key: string) => data.get(key) };
}

/** A tab alone in its browser: every lock granted at once; messages counted, never delivered. */
function countingTabs() {
  const sent = { messages: 0, bytes: 0 };
  const coordination: TabCoordination = {
    tabId: 'bench',
    locks: {
      request(_name, { granted }) {
        queueMicrotask(granted);
        return () => undefined;
      },
      close: () => undefined,
    },
    channel: {
      post(message) {
        sent.messages += 1;
        sent.bytes += JSON.stringify(message).length;
      },
      subscribe: () => () => undefined,
      close: () => undefined,
    },
    close: () => undefined,
  };
  return { coordination, sent };
}

/**
 * `flows` saved flows, rehydrated; one status update for one of them, flushed. With `tabs`, the
 * store shares its flows (and drives them all): the messages it sends are counted too.
 */
async function oneStatusUpdate(flows: number, tabs: boolean) {
  const { contents } = await storageWithFlows(flows);
  const memory = countingStorage(contents);
  const shared = countingTabs();
  const { store, persistor, sagaTask } = createPaymentsStore({
    api: dummyApi,
    storage: { storage: memory.storage, throttleMs: 0 },
    logger: silentLogger,
    tabs: tabs ? shared.coordination : false,
  });
  try {
    await whenRehydrated(persistor, 10_000, 'rehydrating');
    await persistor.flush();
    await sleep(50);
    const before = { ...memory.counts };
    const sentBefore = { ...shared.sent };
    const at = Date.now();
    const update = {
      paymentId: paymentIdOf(0),
      bookingId: bookingIdOf(0),
      status: 'processing' as const,
      seq: 2,
      occurredAt: at,
    };
    store.dispatch(paymentStatusesReceived({ updates: [update], at }));
    await persistor.flush();
    await sleep(20);
    return {
      reads: memory.counts.reads - before.reads,
      writes: memory.counts.writes - before.writes,
      bytes: memory.counts.bytes - before.bytes,
      messages: shared.sent.messages - sentBefore.messages,
      messageBytes: shared.sent.bytes - sentBefore.bytes,
    };
  } finally {
    sagaTask.cancel();
    persistor.pause();
  }
}

async function main(): Promise<void> {
  for (const tabs of [false, true]) {
    const update = await oneStatusUpdate(100, tabs);
    console.log(
      `one status update, 100 saved flows, ${tabs ? 'shared with other tabs' : 'tabs: false'}: ` +
        `${update.writes} write(s), ${update.reads} read(s) of its keys, ${update.bytes} ` +
        `characters written; ${update.messages} message(s) to other tabs, ` +
        `${update.messageBytes} characters`,
    );
  }
}

await main();
