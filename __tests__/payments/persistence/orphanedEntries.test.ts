import { silentLogger } from '../../../src/payments/logger';
import {
  createMergingStorage,
  ENTRIES_PER_SLICE,
} from '../../../src/payments/persistence/mergingStorage';
import { ORPHAN_HORIZON_MS } from '../../../src/payments/persistence/orphanSweep';
import { PERSIST_VERSION } from '../../../src/payments/persistence/migrations';
import { flowEntryKey, storedEntryIds } from '../../../src/payments/persistence/storageLayout';
import type { PersistedFlow } from '../../../src/payments/persistence/flowRecord';
import { paymentStatusesReceived } from '../../../src/payments/paymentFlowsSlice';
import { createMemoryStorage, type MemoryStorage } from '../../helpers/memoryStorage';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import {
  closeAllApps,
  persistedFlow,
  rehydrated,
  startApp,
  STORAGE_KEY,
  storedFlows,
  storedValue,
} from './persistenceHarness';

afterEach(closeAllApps);

const NOW = 1_900_000_000_000;
const entryKey = (flowId: string) => flowEntryKey(STORAGE_KEY, flowId);
const entryKeysIn = (memory: MemoryStorage) =>
  memory.keys().filter((name) => name.startsWith(entryKey('')));

/** What redux-persist hands storage for a tab holding `flows`. */
const written = (flows: PersistedFlow[]) => ({
  paymentFlows: { flows, retired: {} },
  _persist: { version: PERSIST_VERSION, rehydrated: true },
});

/** A page over `memory`: a merging storage of its own, as each page load makes. */
const pageOver = (memory: MemoryStorage) =>
  createMergingStorage(memory.storage, { key: STORAGE_KEY, now: () => NOW, logger: silentLogger });

/**
 * A page that writes twice: the look for orphans is queued behind its first write, so it is done
 * once the second has been stored.
 */
async function loadAndWriteTwice(memory: MemoryStorage, flows: PersistedFlow[]): Promise<void> {
  const page = pageOver(memory);
  await page.setItem(STORAGE_KEY, written(flows));
  await page.setItem(STORAGE_KEY, written(flows));
}

/** An entry no list names, as a tab that crashed before listing it left it. */
function leaveUnlisted(memory: MemoryStorage, flow: PersistedFlow): void {
  memory.set(entryKey(flow.flowId), JSON.stringify(flow));
}

describe('flow entries no list names (orphans)', () => {
  it('are removed after a page’s first write when a day old or no flow’s record', async () => {
    const memory = createMemoryStorage({}, { listsKeys: true });
    const old = persistedFlow({ updatedAt: NOW - ORPHAN_HORIZON_MS - 1 });
    leaveUnlisted(memory, old);
    memory.set(entryKey('flow-truncated'), '{"flowId": "flow-trunc');
    const mine = persistedFlow({ updatedAt: NOW });

    await loadAndWriteTwice(memory, [mine]);

    expect(entryKeysIn(memory)).toEqual([entryKey(mine.flowId)]);
  });

  it('keeps a fresh one: another tab writes its entry an instant before the list naming it', async () => {
    const memory = createMemoryStorage({}, { listsKeys: true });
    const beingListed = persistedFlow({ updatedAt: NOW - 60_000 });
    leaveUnlisted(memory, beingListed);
    // Its removal shows the look for orphans ran.
    const old = persistedFlow({ updatedAt: NOW - ORPHAN_HORIZON_MS - 1 });
    leaveUnlisted(memory, old);

    await loadAndWriteTwice(memory, [persistedFlow({ updatedAt: NOW })]);

    expect(memory.get(entryKey(old.flowId))).toBeUndefined();
    expect(memory.get(entryKey(beingListed.flowId))).toBe(JSON.stringify(beingListed));
  });

  it('never removes a listed entry, however old its flow', async () => {
    const memory = createMemoryStorage({}, { listsKeys: true });
    const idle = persistedFlow({ updatedAt: NOW - 2 * ORPHAN_HORIZON_MS });
    await pageOver(memory).setItem(STORAGE_KEY, written([idle]));
    const old = persistedFlow({ updatedAt: NOW - 2 * ORPHAN_HORIZON_MS });
    leaveUnlisted(memory, old);

    await loadAndWriteTwice(memory, [persistedFlow({ updatedAt: NOW })]);

    expect(memory.get(entryKey(old.flowId))).toBeUndefined();
    expect(storedFlows(memory).map((flow) => flow.flowId)).toContain(idle.flowId);
  });

  it('removes none while the list is a newer release’s, which may name its flows otherwise', async () => {
    const memory = createMemoryStorage({}, { listsKeys: true });
    const theirs = persistedFlow({ updatedAt: NOW - 2 * ORPHAN_HORIZON_MS });
    leaveUnlisted(memory, theirs);
    const newerList = JSON.stringify({
      paymentFlows: JSON.stringify({ flows: [], retired: {}, entries: [theirs.flowId] }),
      _persist: JSON.stringify({ version: PERSIST_VERSION + 1, rehydrated: true }),
    });
    // A newer release's tab writes its list right after this page's first write.
    const setItem = memory.storage.setItem.bind(memory.storage);
    memory.storage.setItem = async (name, value) => {
      await setItem(name, value);
      if (name === STORAGE_KEY) memory.set(STORAGE_KEY, newerList);
    };

    await loadAndWriteTwice(memory, [persistedFlow({ updatedAt: NOW })]);

    expect(memory.get(entryKey(theirs.flowId))).toBe(JSON.stringify(theirs));
  });

  it('never removes the entry of a flow this tab holds, though the write listing it failed', async () => {
    const memory = createMemoryStorage({}, { listsKeys: true });
    // Storage full: the entry fits, the list does not, and nothing more does after it.
    const setItem = memory.storage.setItem.bind(memory.storage);
    let full = false;
    memory.storage.setItem = (name, value) => {
      full ||= name === STORAGE_KEY;
      return full ? Promise.reject(new Error('QuotaExceededError')) : setItem(name, value);
    };
    const restoredOld = persistedFlow({ updatedAt: NOW - 2 * ORPHAN_HORIZON_MS });
    // Its removal shows the look for orphans ran.
    const orphan = persistedFlow({ updatedAt: NOW - 2 * ORPHAN_HORIZON_MS });
    leaveUnlisted(memory, orphan);
    const page = pageOver(memory);

    await expect(page.setItem(STORAGE_KEY, written([restoredOld]))).rejects.toThrow('Quota');
    await expect(page.setItem(STORAGE_KEY, written([restoredOld]))).rejects.toThrow('Quota');

    expect(memory.get(entryKey(orphan.flowId))).toBeUndefined();
    expect(memory.get(entryKey(restoredOld.flowId))).toBe(JSON.stringify(restoredOld));
  });

  it('never removes the entries another tab’s write stored before yielding, and lists next', async () => {
    const memory = createMemoryStorage({}, { listsKeys: true });
    // Flows idle for two days, held by a tab that stays open.
    const idle = Array.from({ length: 2 * ENTRIES_PER_SLICE + 10 }, (_, index) =>
      persistedFlow({ createdAt: index, updatedAt: NOW - 2 * ORPHAN_HORIZON_MS }),
    );
    const tab = pageOver(memory);
    await tab.setItem(STORAGE_KEY, written(idle));
    // A logout in another tab removes them all, and that tab then stores its empty state.
    const loggedOut = pageOver(memory);
    await loggedOut.removeItem(STORAGE_KEY);
    await loggedOut.setItem(STORAGE_KEY, written([]));
    // A page loads, holding nothing.
    const loaded = pageOver(memory);
    await loaded.readParsed(STORAGE_KEY);

    // The open tab goes on with its flows: it stores them again, yielding between slices, and
    // the new page's first write (and its look for orphans) runs in one of those yields.
    const write = tab.setItem(STORAGE_KEY, written(idle));
    setTimeout(() => void loaded.setItem(STORAGE_KEY, written([])), 0);
    await write;

    expect(storedFlows(memory)).toEqual(idle);
  });

  it('stay in a storage that cannot list its keys (AsyncStorage), which is written as before', async () => {
    const memory = createMemoryStorage();
    const old = persistedFlow({ updatedAt: NOW - ORPHAN_HORIZON_MS - 1 });
    leaveUnlisted(memory, old);
    const mine = persistedFlow({ updatedAt: NOW });

    await loadAndWriteTwice(memory, [mine]);
    await pageOver(memory).removeItem(STORAGE_KEY);

    expect('key' in memory.storage).toBe(false);
    expect(entryKeysIn(memory)).toEqual([entryKey(old.flowId)]);
  });

  it('lists no keys of a storage whose length and key answer promises (localForage)', () => {
    const memory = createMemoryStorage();
    leaveUnlisted(memory, persistedFlow({ updatedAt: NOW }));
    const asyncListing = {
      ...memory.storage,
      length: 1,
      key: () => Promise.resolve(entryKey('x')) as unknown as string,
    };
    const methodLength = { ...memory.storage, length: (() => 1) as unknown as number };

    expect(storedEntryIds(asyncListing, STORAGE_KEY)).toBeUndefined();
    expect(storedEntryIds(methodLength, STORAGE_KEY)).toBeUndefined();
  });
});

describe('orphans over a page load and a logout', () => {
  const statusChange = (paymentId: string) =>
    paymentStatusesReceived({
      updates: [{ paymentId, status: 'processing', seq: 5, occurredAt: 1 }],
      at: Date.now(),
    });

  function appOver(initial: Record<string, string>) {
    const server = createScriptedFetch();
    const memory = createMemoryStorage(initial, { listsKeys: true });
    const app = startApp({ memory, api: { baseUrl: server.baseUrl, fetch: server.fetch } });
    return { memory, app };
  }

  const held = persistedFlow({
    status: 'awaitingPayment',
    bookingId: 'bk_orphans',
    paymentId: 'pay_orphans',
    holdExpiresAt: Date.now() + 3_600_000,
  });

  it('a page load removes an old orphan and keeps the flows it restored', async () => {
    const old = persistedFlow({ updatedAt: Date.now() - ORPHAN_HORIZON_MS - 1 });
    const { memory, app } = appOver({
      [STORAGE_KEY]: storedValue([held]),
      [entryKey(old.flowId)]: JSON.stringify(old),
    });
    await rehydrated(app);
    await app.persistor.flush();
    app.store.dispatch(statusChange(held.paymentId ?? ''));
    await app.persistor.flush();

    expect(entryKeysIn(memory)).toEqual([entryKey(held.flowId)]);
    expect(storedFlows(memory).map((flow) => flow.flowId)).toEqual([held.flowId]);
  });

  it('a logout removes every entry, those no list names too, however fresh', async () => {
    const { memory, app } = appOver({ [STORAGE_KEY]: storedValue([held]) });
    await rehydrated(app);
    await app.persistor.flush();
    leaveUnlisted(memory, persistedFlow({ updatedAt: Date.now() }));

    await app.persistor.purge();

    expect(entryKeysIn(memory)).toEqual([]);
  });
});
