import { flowEntryKey } from '../../../src/payments/persistence/storageLayout';
import { flowStarted } from '../../../src/payments/paymentFlowsSlice';
import { selectAllFlows } from '../../../src/payments/selectors';
import { createMemoryStorage, type MemoryStorage } from '../../helpers/memoryStorage';
import { uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import { BOOKINGS, bookingReply } from '../sagas/fixtures';
import {
  BACKUP_KEY,
  closeAllApps,
  persistedFlow,
  rehydrated,
  startApp,
  STORAGE_KEY,
  storedFlow,
  storedValue,
  type App,
  type AppOptions,
} from './persistenceHarness';

afterEach(closeAllApps);

/**
 * The paths on which plain redux-persist rehydrates nothing and then writes that nothing over
 * the user's flows. Each must start the app, keep the stored data, and keep working.
 */
function appOver(memory: MemoryStorage, extra: Partial<AppOptions> = {}) {
  const server = createScriptedFetch();
  server.otherwise(BOOKINGS, bookingReply());
  return startApp({ memory, api: { baseUrl: server.baseUrl, fetch: server.fetch }, ...extra });
}

/** A new flow reaches awaitingPayment and is written to the key: the app still works. */
async function expectNewFlowPersists(app: App, memory: MemoryStorage): Promise<string> {
  const { flowId } = app.store.dispatch(flowStarted(uniqueDraft())).payload;
  await waitForStatus(app.store, flowId, 'awaitingPayment');
  await memory.waitForWrite(() => storedFlow(memory, flowId)?.status === 'awaitingPayment');
  return flowId;
}

const savedFlow = () =>
  persistedFlow({ status: 'awaitingPayment', bookingId: 'bk_saved', paymentId: 'pay_saved' });

describe('unreadable saved flows', () => {
  it.each([
    ['not JSON at all', '{"paymentFlows":"{\\"flows\\":['],
    ['an inner value that is not JSON', '{"paymentFlows":"{broken","_persist":"{}"}'],
    ['not an object', '"just a string"'],
  ])('%s: starts empty, keeps the original in the backup, then persists', async (_, corrupt) => {
    const memory = createMemoryStorage({ [STORAGE_KEY]: corrupt });
    const app = appOver(memory);

    await rehydrated(app);
    expect(selectAllFlows(app.store.getState())).toEqual([]);
    expect(memory.get(BACKUP_KEY)).toBe(corrupt);
    await expectNewFlowPersists(app, memory);

    expect(memory.get(BACKUP_KEY)).toBe(corrupt);
  });
});

describe('saved flows this version cannot read, in a readable value', () => {
  // Version 1 took any non-empty id; ids are now checked (letters, digits, _ and -). The flow
  // is dropped, and this page's next write stores over it: it must be kept first.
  it('are kept in the backup before this page writes', async () => {
    const odd = persistedFlow({
      status: 'processing',
      bookingId: 'bk.2027.1',
      paymentId: 'pay.2027.1',
      attempt: 1,
      paymentMethodId: 'pm_card_visa',
      serverSeq: 2,
    });
    const original = storedValue([odd, savedFlow()], 1);
    const memory = createMemoryStorage({ [STORAGE_KEY]: original });
    const app = appOver(memory);

    await rehydrated(app);
    expect(selectAllFlows(app.store.getState()).map((flow) => flow.flowId)).not.toContain(
      odd.flowId,
    );
    await expectNewFlowPersists(app, memory);

    expect(memory.get(BACKUP_KEY)).toBe(original);
  });
});

describe('storage slower than readTimeoutMs', () => {
  it('starts empty, writes nothing to the key until the read settles, then backs up and writes', async () => {
    const saved = savedFlow();
    const original = storedValue([saved]);
    const memory = createMemoryStorage({ [STORAGE_KEY]: original });
    const releaseReads = memory.holdReads();
    const app = appOver(memory, { readTimeoutMs: 30 });

    await rehydrated(app);
    expect(selectAllFlows(app.store.getState())).toEqual([]);
    const { flowId } = app.store.dispatch(flowStarted(uniqueDraft())).payload;
    await waitForStatus(app.store, flowId, 'awaitingPayment');
    // A flush (what a 3-D Secure redirect waits for) is not done until the write is stored.
    let flushed = false;
    const flush = app.persistor.flush().then(() => {
      flushed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(flushed).toBe(false);
    expect(memory.writesTo(STORAGE_KEY)).toEqual([]);
    expect(memory.get(STORAGE_KEY)).toBe(original);

    releaseReads();
    await flush;
    await memory.waitForWrite((write) => write.key === STORAGE_KEY);

    expect(memory.get(BACKUP_KEY)).toBe(original);
    expect(storedFlow(memory, flowId)?.status).toBe('awaitingPayment');
    // The write merges with what is stored: the flow this page could not read is still there.
    expect(storedFlow(memory, saved.flowId)?.status).toBe(saved.status);
    const order = memory.events.map((event) => `${event.type} ${event.key}`);
    // Each flow's entry, then the index that lists them (the unread flow moved out of it).
    const entry = (id: string) => flowEntryKey(STORAGE_KEY, id);
    expect(order).toEqual([
      `readSettled ${STORAGE_KEY}`,
      // The backup already there, if any, is kept before it is replaced.
      `readSettled ${BACKUP_KEY}`,
      `written ${BACKUP_KEY}`,
      `readSettled ${STORAGE_KEY}`,
      `readSettled ${entry(flowId)}`,
      `written ${entry(flowId)}`,
      `readSettled ${entry(saved.flowId)}`,
      `written ${entry(saved.flowId)}`,
      `written ${STORAGE_KEY}`,
    ]);
  });
});

describe('a migration that throws', () => {
  it('starts empty, keeps the data in the backup, and the sagas still run', async () => {
    const original = storedValue([savedFlow()], 1);
    const memory = createMemoryStorage({ [STORAGE_KEY]: original });
    const app = appOver(memory, {
      migrations: {
        version: 2,
        manifest: {
          1: (state) => state,
          2: () => {
            throw new Error('boom');
          },
        },
      },
    });

    await rehydrated(app);
    expect(selectAllFlows(app.store.getState())).toEqual([]);
    expect(memory.get(BACKUP_KEY)).toBe(original);
    await expectNewFlowPersists(app, memory);

    expect(memory.get(BACKUP_KEY)).toBe(original);
  });
});

describe('a read that fails', () => {
  // Writes wait for the key's read; a read that rejects must not keep them waiting for good.
  test('does not stop every later write from reaching storage', async () => {
    const memory = createMemoryStorage();
    memory.storage.getItem = () => Promise.reject(new Error('SecurityError: storage is disabled'));
    // Short, because the rejected read also leaves its timeout timer running.
    const app = appOver(memory, { readTimeoutMs: 50 });
    await rehydrated(app);
    const { flowId } = app.store.dispatch(flowStarted(uniqueDraft())).payload;
    await waitForStatus(app.store, flowId, 'awaitingPayment');

    await app.persistor.flush();

    expect(storedFlow(memory, flowId)?.status).toBe('awaitingPayment');
  });
});

describe('a read that throws at once', () => {
  // A synchronous storage (a wrapper over localStorage where the page may not use it) throws
  // from getItem itself rather than rejecting: writes must not wait for that read for good.
  test('does not stop every later write from reaching storage', async () => {
    const memory = createMemoryStorage();
    memory.storage.getItem = () => {
      throw new Error('SecurityError: storage is disabled');
    };
    const app = appOver(memory);
    await rehydrated(app);
    const { flowId } = app.store.dispatch(flowStarted(uniqueDraft())).payload;
    await waitForStatus(app.store, flowId, 'awaitingPayment');

    await app.persistor.flush();

    expect(storedFlow(memory, flowId)?.status).toBe('awaitingPayment');
  });
});

describe('a readable value (issue 11: parse once)', () => {
  test('is parsed once on a reload, by the check that guards it, and its flows are back', async () => {
    const saved = savedFlow();
    const value = storedValue([saved]);
    const inner = (JSON.parse(value) as { paymentFlows: string }).paymentFlows;
    const memory = createMemoryStorage({ [STORAGE_KEY]: value });
    const parse = jest.spyOn(JSON, 'parse');
    try {
      const app = appOver(memory);
      await rehydrated(app);

      expect(parse.mock.calls.filter(([text]) => text === value)).toHaveLength(1);
      expect(parse.mock.calls.filter(([text]) => text === inner)).toHaveLength(1);
      expect(selectAllFlows(app.store.getState()).map((flow) => flow.flowId)).toEqual([
        saved.flowId,
      ]);
    } finally {
      parse.mockRestore();
    }
  });
});

describe('a backup that cannot be written', () => {
  // Storage full (the stored value is large, and a copy of it does not fit): the backup fails,
  // and the app must still save what it does from then on.
  test('does not stop every later write from reaching storage', async () => {
    const corrupt = '{"paymentFlows":"{broken","_persist":"{}"}';
    const memory = createMemoryStorage({ [STORAGE_KEY]: corrupt });
    const setItem = memory.storage.setItem.bind(memory.storage);
    memory.storage.setItem = (key, value) =>
      key === BACKUP_KEY
        ? Promise.reject(new Error('QuotaExceededError'))
        : Promise.resolve(setItem(key, value));
    const app = appOver(memory);
    await rehydrated(app);

    await expectNewFlowPersists(app, memory);
  });
});

describe('a storage that answers undefined for a key it does not hold', () => {
  // Plain redux-persist reads any falsy answer as nothing stored; a first visit must still save.
  test('saves the flows of a first visit', async () => {
    const memory = createMemoryStorage();
    const getItem = memory.storage.getItem.bind(memory.storage);
    memory.storage.getItem = async (key) =>
      ((await getItem(key)) ?? undefined) as unknown as string | null;
    const app = appOver(memory);
    await rehydrated(app);

    await expectNewFlowPersists(app, memory);
  });
});
