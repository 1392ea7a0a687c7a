import { PERSIST_VERSION } from '../../../src/payments/persistence/migrations';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { waitForStatus } from '../../helpers/paymentsTestStore';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import { STATUS, snapshotReply } from '../sagas/fixtures';
import type { PersistedFlow } from '../../../src/payments/persistence/flowRecord';
import {
  BACKUP_KEY,
  closeAllApps,
  persistedFlow,
  rehydrated,
  startApp,
  STORAGE_KEY,
  storedFlow,
  storedValue,
} from './persistenceHarness';

afterEach(closeAllApps);

/**
 * What a newer release of this module stored (one stored version up): a payment under way in a
 * status this release does not know, beside one it does. A page of this release (an older tab
 * still open when the new one was deployed, or a rollback) must not overwrite what it cannot
 * read: the newer page's payment would be gone after its next reload.
 */
describe('saved flows from a newer stored version', () => {
  it('are kept, in the key or in the backup, after this page has written', async () => {
    const known = persistedFlow({
      status: 'processing',
      bookingId: 'bk_known',
      paymentId: 'pay_known',
      attempt: 1,
      paymentMethodId: 'pm_card_visa',
      serverSeq: 2,
    });
    const unknown = {
      ...persistedFlow({
        bookingId: 'bk_new',
        paymentId: 'pay_new',
        attempt: 1,
        paymentMethodId: 'pm_card_visa',
        serverSeq: 2,
      }),
      status: 'refunding',
    } as unknown as PersistedFlow;
    const original = storedValue([known, unknown], PERSIST_VERSION + 1);
    const memory = createMemoryStorage({ [STORAGE_KEY]: original });
    const server = createScriptedFetch();
    server.otherwise(STATUS, snapshotReply('pay_known', 'succeeded', 3));
    const app = startApp({ memory, api: { baseUrl: server.baseUrl, fetch: server.fetch } });
    await rehydrated(app);
    // This page works on what it can read, and writes.
    await waitForStatus(app.store, known.flowId, 'succeeded');
    await app.persistor.flush();
    expect(memory.writesTo(STORAGE_KEY).length).toBeGreaterThan(0);

    const stillStored = storedFlow(memory.get(STORAGE_KEY), unknown.flowId) !== undefined;
    expect(stillStored || memory.get(BACKUP_KEY) === original).toBe(true);
  });
});
