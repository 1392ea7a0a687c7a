import { silentLogger } from '../../../src/payments/logger';
import { createMergingStorage } from '../../../src/payments/persistence/mergingStorage';
import { PERSIST_VERSION } from '../../../src/payments/persistence/migrations';
import { flowEntryKey } from '../../../src/payments/persistence/storageLayout';
import type { PersistedFlow } from '../../../src/payments/persistence/flowRecord';
import { createMemoryStorage, type MemoryStorage } from '../../helpers/memoryStorage';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import {
  closeAllApps,
  persistedFlow,
  rehydrated,
  startApp,
  STORAGE_KEY,
  storedValue,
} from './persistenceHarness';

afterEach(closeAllApps);

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
  createMergingStorage(memory.storage, {
    key: STORAGE_KEY,
    now: Date.now,
    logger: silentLogger,
  });

/** An entry no list names, as a tab that crashed before listing it left it. */
function leaveUnlisted(memory: MemoryStorage, flow: PersistedFlow): void {
  memory.set(entryKey(flow.flowId), JSON.stringify(flow));
}

describe('flow entries no list names (orphans)', () => {
  it('a logout removes every entry, those no list names too, however fresh', async () => {
    const server = createScriptedFetch();
    const held = persistedFlow({
      status: 'awaitingPayment',
      bookingId: 'bk_orphans',
      paymentId: 'pay_orphans',
      holdExpiresAt: Date.now() + 3_600_000,
    });
    const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue([held]) }, { listsKeys: true });
    const app = startApp({ memory, api: { baseUrl: server.baseUrl, fetch: server.fetch } });
    await rehydrated(app);
    await app.persistor.flush();
    leaveUnlisted(memory, persistedFlow({ updatedAt: Date.now() }));

    await app.persistor.purge();

    expect(entryKeysIn(memory)).toEqual([]);
  });

  it('a storage that cannot list its keys (AsyncStorage) still has the listed ones removed', async () => {
    const memory = createMemoryStorage();
    const orphan = persistedFlow();
    leaveUnlisted(memory, orphan);
    const page = pageOver(memory);
    await page.setItem(STORAGE_KEY, written([persistedFlow()]));

    await page.removeItem(STORAGE_KEY);

    expect('key' in memory.storage).toBe(false);
    expect(entryKeysIn(memory)).toEqual([entryKey(orphan.flowId)]);
  });
});
