import { createLogger, silentLogger } from '../../../src/payments/logger';
import { createMergingStorage } from '../../../src/payments/persistence/mergingStorage';
import { PERSIST_VERSION } from '../../../src/payments/persistence/migrations';
import type { PersistedFlow } from '../../../src/payments/persistence/flowRecord';
import { paymentStatusesReceived } from '../../../src/payments/paymentFlowsSlice';
import { selectAllFlows } from '../../../src/payments/selectors';
import { flowEntryKey } from '../../../src/payments/persistence/storageLayout';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import {
  BACKUP_KEY,
  closeAllApps,
  closeApp,
  persistedFlow,
  rehydrated,
  reload,
  startApp,
  STORAGE_KEY,
  storedFlow,
  storedFlows,
  storedPart,
  storedValue,
  type AppOptions,
} from './persistenceHarness';

afterEach(closeAllApps);

/** Flows awaiting payment, linked to a booking and a payment, held well into the future. */
function awaitingFlows(count: number) {
  return Array.from({ length: count }, (_, index) =>
    persistedFlow({
      status: 'awaitingPayment',
      bookingId: `bk_e${index}`,
      paymentId: `pay_e${index}`,
      holdExpiresAt: Date.now() + 3_600_000,
    }),
  );
}

function appOptions(initial: Record<string, string> = {}) {
  const server = createScriptedFetch();
  const memory = createMemoryStorage(initial);
  const warnings: string[] = [];
  const logger = createLogger({ level: 'warn', sink: (_level, message) => warnings.push(message) });
  const options: AppOptions = {
    memory,
    logger,
    api: { baseUrl: server.baseUrl, fetch: server.fetch },
  };
  return { memory, options, warnings };
}

const statusChange = (paymentId: string) =>
  paymentStatusesReceived({
    updates: [{ paymentId, status: 'processing', seq: 5, occurredAt: 1 }],
    at: Date.now(),
  });

describe('each flow in its own entry (issue 11: bytes per write ∝ change)', () => {
  it('after a reload, one flow’s status change writes that flow’s entry alone', async () => {
    const flows = awaitingFlows(20);
    const { memory, options } = appOptions({ [STORAGE_KEY]: storedValue(flows) });
    const first = startApp(options);
    await rehydrated(first);
    // The flows stored inline (a version 4 value) move to entries with the first write.
    first.store.dispatch(statusChange('pay_e0'));
    await first.persistor.flush();
    expect(storedPart(memory)?.flows).toEqual([]);
    expect(storedFlows(memory)).toHaveLength(20);

    const second = await reload(first, options);
    await rehydrated(second);
    const writesBefore = memory.writes.length;
    const eventsBefore = memory.events.length;
    second.store.dispatch(statusChange('pay_e7'));
    await second.persistor.flush();

    const flowId = flows[7]?.flowId ?? '';
    expect(memory.writes.slice(writesBefore).map((write) => write.key)).toEqual([
      flowEntryKey(STORAGE_KEY, flowId),
    ]);
    // The flows as restored are known to be stored: not one of the others is read or written.
    const entriesRead = memory.events
      .slice(eventsBefore)
      .filter((event) => event.type === 'readSettled' && event.key !== STORAGE_KEY);
    expect(entriesRead.map((event) => event.key)).toEqual([flowEntryKey(STORAGE_KEY, flowId)]);
    expect(storedFlow(memory, flowId)).toMatchObject({ status: 'processing', serverSeq: 5 });
  });

  it('an entry that is not JSON: its flow is dropped with a warning, kept in the backup, then unlisted', async () => {
    const [kept, damaged] = awaitingFlows(2);
    if (!kept || !damaged) throw new Error('two flows');
    const { memory, options, warnings } = await storedInEntries([kept, damaged]);
    memory.set(flowEntryKey(STORAGE_KEY, damaged.flowId), '{"flowId": "truncated');

    const app = startApp(options);
    await rehydrated(app);
    expect(selectAllFlows(app.store.getState()).map((flow) => flow.flowId)).toEqual([kept.flowId]);
    expect(warnings).toContainEqual(expect.stringContaining('not JSON'));
    expect(memory.get(BACKUP_KEY)).toContain('truncated');

    app.store.dispatch(statusChange(kept.paymentId ?? ''));
    await app.persistor.flush();
    expect(storedPart(memory)?.saved).toEqual([kept.flowId]);
    expect(memory.get(flowEntryKey(STORAGE_KEY, damaged.flowId))).toBeUndefined();
  });

  it('a listed flow whose entry is gone is left out with a warning, and unlisted', async () => {
    const [kept, lost] = awaitingFlows(2);
    if (!kept || !lost) throw new Error('two flows');
    const { memory, options, warnings } = await storedInEntries([kept, lost]);
    await memory.storage.removeItem(flowEntryKey(STORAGE_KEY, lost.flowId));

    const app = startApp(options);
    await rehydrated(app);
    expect(selectAllFlows(app.store.getState()).map((flow) => flow.flowId)).toEqual([kept.flowId]);
    expect(warnings).toContainEqual(expect.stringContaining('gone'));

    app.store.dispatch(statusChange(kept.paymentId ?? ''));
    await app.persistor.flush();
    expect(storedPart(memory)?.saved).toEqual([kept.flowId]);
  });

  it('a flow the restore leaves out is unlisted by the next write, not read and dropped at every reload', async () => {
    const [kept] = awaitingFlows(1);
    if (!kept) throw new Error('one flow');
    // Another tab's draft for the same booking, which asked nothing of the server: given way.
    const twin = persistedFlow({ booking: kept.booking, createdAt: kept.createdAt + 1 });
    const finished = persistedFlow({ status: 'succeeded', bookingId: 'bk_done' });
    const { memory, options, warnings } = appOptions();
    // As tabs wrote them: the merging storage keeps whatever flows a tab holds.
    await createMergingStorage(memory.storage, {
      key: STORAGE_KEY,
      now: Date.now,
      logger: silentLogger,
    }).setItem(STORAGE_KEY, {
      paymentFlows: { flows: [kept, twin, finished], retired: {} },
      _persist: { version: PERSIST_VERSION, rehydrated: true },
    });
    expect(storedPart(memory)?.saved?.sort()).toEqual(
      [kept.flowId, twin.flowId, finished.flowId].sort(),
    );

    const app = startApp(options);
    await rehydrated(app);
    expect(warnings).toContainEqual(expect.stringContaining('another flow for the same booking'));
    app.store.dispatch(statusChange(kept.paymentId ?? ''));
    await closeApp(app);

    expect(storedPart(memory)?.saved).toEqual([kept.flowId]);
    expect(memory.get(flowEntryKey(STORAGE_KEY, twin.flowId))).toBeUndefined();
    expect(memory.get(flowEntryKey(STORAGE_KEY, finished.flowId))).toBeUndefined();
    warnings.length = 0;
    await rehydrated(startApp(options));
    expect(warnings).toEqual([]);
  });
});

/** `flows` saved in entries by a page that is then closed; the options start the next page. */
async function storedInEntries(flows: PersistedFlow[]) {
  const parts = appOptions({ [STORAGE_KEY]: storedValue(flows) });
  const first = startApp(parts.options);
  await rehydrated(first);
  first.store.dispatch(statusChange(flows[0]?.paymentId ?? ''));
  await closeApp(first);
  expect(storedFlows(parts.memory)).toHaveLength(flows.length);
  return parts;
}
