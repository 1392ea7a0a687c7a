import { PERSIST_VERSION } from '../../../src/payments/persistence/migrations';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { waitForStatus } from '../../helpers/paymentsTestStore';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import { flowStarted } from '../../../src/payments/paymentFlowsSlice';
import { uniqueDraft } from '../../helpers/paymentsTestStore';
import { BOOKINGS, bookingReply, STATUS, snapshotReply } from '../sagas/fixtures';
import type { PersistedFlow } from '../../../src/payments/persistence/flowRecord';
import {
  BACKUP_KEY,
  closeAllApps,
  PREVIOUS_BACKUP_KEY,
  persistedFlow,
  rehydrated,
  startApp,
  STORAGE_KEY,
  storedFlow,
  storedFlows,
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

    const stillStored = storedFlow(memory, unknown.flowId) !== undefined;
    expect(stillStored || memory.get(BACKUP_KEY) === original).toBe(true);
  });
});

/**
 * Two tabs during a deploy: this page (the old release) restored before the new release's tab
 * opened, so its restore saw nothing newer. The new tab then stores a payment in a status this
 * release does not know; this page's next write must not drop it for good.
 */
describe('saved flows a newer tab stores after this page restored', () => {
  it('are kept, in the key or in the backup, after this page writes again', async () => {
    const memory = createMemoryStorage();
    const server = createScriptedFetch();
    server.otherwise(BOOKINGS, bookingReply());
    const app = startApp({ memory, api: { baseUrl: server.baseUrl, fetch: server.fetch } });
    await rehydrated(app);
    const first = app.store.dispatch(flowStarted(uniqueDraft())).payload.flowId;
    await waitForStatus(app.store, first, 'awaitingPayment');
    await app.persistor.flush();

    // The newer tab writes: this page's flow, plus its own payment under way.
    const unknown = {
      ...persistedFlow({
        bookingId: 'bk_newer',
        paymentId: 'pay_newer',
        attempt: 1,
        paymentMethodId: 'pm_card_visa',
        serverSeq: 2,
      }),
      status: 'refunding',
    } as unknown as PersistedFlow;
    const newer = storedValue([...storedFlows(memory), unknown], PERSIST_VERSION + 1);
    memory.set(STORAGE_KEY, newer);

    // This page writes again (another booking), then the newer tab is closed.
    const second = app.store.dispatch(flowStarted(uniqueDraft())).payload.flowId;
    await waitForStatus(app.store, second, 'awaitingPayment');
    await app.persistor.flush();
    expect(storedFlow(memory, second)).toBeDefined();

    const stillStored = storedFlow(memory, unknown.flowId) !== undefined;
    expect(stillStored || memory.get(BACKUP_KEY) === newer).toBe(true);
  });
});

describe('two backups in one session', () => {
  it('keep both: the second does not overwrite the first', async () => {
    const unreadable = '{"paymentFlows": "{\\"flows\\": [trunc';
    const memory = createMemoryStorage({ [STORAGE_KEY]: unreadable });
    const server = createScriptedFetch();
    server.otherwise(BOOKINGS, bookingReply());
    const app = startApp({ memory, api: { baseUrl: server.baseUrl, fetch: server.fetch } });
    await rehydrated(app);
    expect(memory.get(BACKUP_KEY)).toBe(unreadable);
    const first = app.store.dispatch(flowStarted(uniqueDraft())).payload.flowId;
    await waitForStatus(app.store, first, 'awaitingPayment');
    await app.persistor.flush();

    // A newer release's tab writes, and this page writes after it: that value is kept too.
    const newer = storedValue(storedFlows(memory), PERSIST_VERSION + 1);
    memory.set(STORAGE_KEY, newer);
    const second = app.store.dispatch(flowStarted(uniqueDraft())).payload.flowId;
    await waitForStatus(app.store, second, 'awaitingPayment');
    await app.persistor.flush();

    expect([memory.get(BACKUP_KEY), memory.get(PREVIOUS_BACKUP_KEY)]).toEqual([newer, unreadable]);
  });
});
