import { silentLogger } from '../../../src/payments/logger';
import {
  createMergingStorage,
  ENTRIES_PER_SLICE,
  readSavedFlows,
} from '../../../src/payments/persistence/mergingStorage';
import { PERSIST_VERSION } from '../../../src/payments/persistence/migrations';
import { flowEntryKey, FLOWS_KEY } from '../../../src/payments/persistence/storageLayout';
import { readStored } from '../../../src/payments/persistence/storedFlows';
import type { PersistedFlow } from '../../../src/payments/persistence/flowRecord';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import {
  BACKUP_KEY,
  persistedFlow,
  STORAGE_KEY,
  storedFlow,
  storedFlows,
  storedPart,
} from './persistenceHarness';

const NOW = 1_900_000_000_000;

/** What redux-persist hands storage for this tab's state (version 4: flows and tombstones). */
function written(flows: PersistedFlow[], retired: Record<string, number> = {}): string {
  return JSON.stringify({
    paymentFlows: JSON.stringify({ flows, retired }),
    _persist: JSON.stringify({ version: 4, rehydrated: true }),
  });
}

/** What redux-persist hands storage for this tab's state (serialize: false), this version. */
const persistedValue = (flows: PersistedFlow[]) => ({
  paymentFlows: { flows, retired: {} },
  _persist: { version: PERSIST_VERSION, rehydrated: true },
});

function tabOver(memory: ReturnType<typeof createMemoryStorage>) {
  return createMergingStorage(memory.storage, {
    key: STORAGE_KEY,
    now: () => NOW,
    logger: silentLogger,
  });
}

const retiredIn = (value: string | undefined): unknown => {
  const outer = JSON.parse(value ?? '{}') as { paymentFlows: string };
  return (JSON.parse(outer.paymentFlows) as { retired: unknown }).retired;
};

/**
 * A tab writes one flow, then a second, whose entry storage takes and whose list it refuses
 * (full), then, with room again, the same state, as redux-persist does on the next change.
 */
async function addFlowWhileListIsRefused(
  memory: ReturnType<typeof createMemoryStorage>,
  tab: ReturnType<typeof tabOver>,
) {
  const first = persistedFlow({ createdAt: 1 });
  await tab.setItem(STORAGE_KEY, persistedValue([first]));
  const setItem = memory.storage.setItem.bind(memory.storage);
  memory.storage.setItem = (name, text) =>
    name === STORAGE_KEY ? Promise.reject(new Error('QuotaExceededError')) : setItem(name, text);
  const added = persistedFlow({ createdAt: 2 });
  await expect(tab.setItem(STORAGE_KEY, persistedValue([first, added]))).rejects.toThrow('Quota');
  memory.storage.setItem = setItem;
  await tab.setItem(STORAGE_KEY, persistedValue([first, added]));
  return { first, added };
}

describe('the merging storage', () => {
  it('keeps the other tab’s flows, in redux-persist’s format with this tab’s _persist', async () => {
    const memory = createMemoryStorage();
    const tabA = tabOver(memory);
    const tabB = tabOver(memory);
    const flowA = persistedFlow();
    const flowB = persistedFlow();

    await tabA.setItem(STORAGE_KEY, written([flowA]));
    await tabB.setItem(STORAGE_KEY, written([flowB]));

    const stored = JSON.parse(memory.get(STORAGE_KEY) ?? '') as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(['_persist', 'paymentFlows']);
    expect(JSON.parse(String(stored._persist))).toEqual({ version: 4, rehydrated: true });
    expect(storedFlows(memory)).toEqual(
      [flowA, flowB].sort((a, b) => a.createdAt - b.createdAt || (a.flowId < b.flowId ? -1 : 1)),
    );
  });

  it('takes redux-persist’s object as well as its string (serialize: false) and stores the same text', async () => {
    const flows = [persistedFlow(), persistedFlow()];
    const fromText = createMemoryStorage();
    const fromObject = createMemoryStorage();

    await tabOver(fromText).setItem(STORAGE_KEY, written(flows));
    await tabOver(fromObject).setItem(STORAGE_KEY, {
      paymentFlows: { flows, retired: {} },
      _persist: { version: 4, rehydrated: true },
    });

    expect(fromObject.get(STORAGE_KEY)).toBe(fromText.get(STORAGE_KEY));
    expect(storedFlows(fromObject)).toHaveLength(2);
  });

  it('stores each flow’s JSON.stringify text under its own key, text that must be escaped too', async () => {
    const awkward = ['say "hi" \\ \n\t\u0001', '</script>\u2028\u2029', 'é😀', '\ud800 alone'];
    const flows = awkward.map((resourceId, index) =>
      persistedFlow({ booking: { ...persistedFlow().booking, resourceId }, createdAt: index }),
    );
    const persist = { version: PERSIST_VERSION, rehydrated: true };
    const memory = createMemoryStorage();
    const tab = tabOver(memory);

    await tab.setItem(STORAGE_KEY, { paymentFlows: { flows, retired: {} }, _persist: persist });

    for (const flow of flows) {
      expect(memory.get(flowEntryKey(STORAGE_KEY, flow.flowId))).toBe(JSON.stringify(flow));
    }
    expect(memory.get(STORAGE_KEY)).toBe(
      JSON.stringify({
        paymentFlows: JSON.stringify({
          flows: [],
          retired: {},
          saved: flows.map((flow) => flow.flowId),
        }),
        _persist: JSON.stringify(persist),
      }),
    );
    expect(storedFlows(memory)).toEqual(flows);
  });

  it('a change to one flow of many writes that flow’s entry alone (bytes ∝ change)', async () => {
    const flows = Array.from({ length: 50 }, (_, index) => persistedFlow({ createdAt: index }));
    const persist = { version: PERSIST_VERSION, rehydrated: true };
    const memory = createMemoryStorage();
    const tab = tabOver(memory);
    await tab.setItem(STORAGE_KEY, { paymentFlows: { flows, retired: {} }, _persist: persist });
    const writesBefore = memory.writes.length;

    const changed = { ...flows[7]!, status: 'awaitingPayment' as const, serverSeq: 1 };
    const next = flows.map((flow) => (flow === flows[7] ? changed : flow));
    await tab.setItem(STORAGE_KEY, {
      paymentFlows: { flows: next, retired: {} },
      _persist: persist,
    });

    const written = memory.writes.slice(writesBefore);
    expect(written.map((write) => write.key)).toEqual([flowEntryKey(STORAGE_KEY, changed.flowId)]);
    expect(written[0]?.value).toBe(JSON.stringify(changed));
    expect(storedFlows(memory)).toEqual(next);
  });

  it('moves flows a version before 5 stored inline to entries, keeping the copy that saw more', async () => {
    const onlyStored = persistedFlow();
    const held = persistedFlow({ status: 'creatingBooking' });
    const storedFurther = { ...held, status: 'awaitingPayment' as const, serverSeq: 2 };
    const memory = createMemoryStorage({ [STORAGE_KEY]: written([onlyStored, storedFurther]) });

    await tabOver(memory).setItem(STORAGE_KEY, {
      paymentFlows: { flows: [held], retired: {} },
      _persist: { version: PERSIST_VERSION, rehydrated: true },
    });

    expect(storedPart(memory)?.flows).toEqual([]);
    expect(storedPart(memory)?.saved?.sort()).toEqual([onlyStored.flowId, held.flowId].sort());
    expect(storedFlow(memory, onlyStored.flowId)).toEqual(onlyStored);
    expect(storedFlow(memory, held.flowId)).toEqual(storedFurther);
  });

  it('writes a flow again, entry and listing, once another tab’s logout removed them', async () => {
    const memory = createMemoryStorage();
    const tab = tabOver(memory);
    const loggedOutThere = tabOver(memory);
    const flow = persistedFlow();
    const value = { paymentFlows: { flows: [flow], retired: {} }, _persist: { version: 5 } };
    await tab.setItem(STORAGE_KEY, value);

    await loggedOutThere.removeItem(STORAGE_KEY);
    expect(memory.keys()).toEqual([]);
    // The same value again: nothing changed here, yet storage no longer holds it.
    await tab.setItem(STORAGE_KEY, value);

    expect(storedFlows(memory)).toEqual([flow]);
  });

  it('reads every tab’s saved flows from their entries, without the retired ones', async () => {
    const memory = createMemoryStorage();
    const inEntry = persistedFlow();
    const retired = persistedFlow();
    await tabOver(memory).setItem(STORAGE_KEY, {
      paymentFlows: { flows: [inEntry, retired], retired: {} },
      _persist: { version: 5 },
    });
    const part = storedPart(memory);
    memory.set(
      STORAGE_KEY,
      JSON.stringify({
        paymentFlows: JSON.stringify({ ...part, retired: { [retired.flowId]: NOW } }),
        _persist: '{"version":5}',
      }),
    );

    const saved = await readSavedFlows(memory.storage, STORAGE_KEY, silentLogger);

    expect(saved).toEqual([inEntry]);
  });

  it('read through getItem (redux-persist’s own getStoredState), gives the flows back inline', async () => {
    const memory = createMemoryStorage();
    const flows = [persistedFlow(), persistedFlow()];
    await tabOver(memory).setItem(STORAGE_KEY, {
      paymentFlows: { flows, retired: {} },
      _persist: { version: PERSIST_VERSION, rehydrated: true },
    });

    const value = await tabOver(memory).getItem(STORAGE_KEY);

    const outer = JSON.parse(value ?? '{}') as { paymentFlows: string };
    expect(JSON.parse(outer.paymentFlows)).toEqual({ flows, retired: {} });
  });

  it('a change whose write failed is written with the next write, whatever else changed', async () => {
    const memory = createMemoryStorage();
    const tab = tabOver(memory);
    const flows = [persistedFlow({ createdAt: 1 }), persistedFlow({ createdAt: 2 })];
    const persist = { version: PERSIST_VERSION, rehydrated: true };
    const write = (next: PersistedFlow[]) =>
      tab.setItem(STORAGE_KEY, { paymentFlows: { flows: next, retired: {} }, _persist: persist });
    await write(flows);

    // Storage refuses one write (full for a moment): the first flow's change is not stored.
    const changed = { ...flows[0]!, status: 'awaitingPayment' as const, serverSeq: 1 };
    const { storage } = memory;
    const setItem = storage.setItem.bind(storage);
    storage.setItem = () => Promise.reject(new Error('QuotaExceededError'));
    await expect(write([changed, flows[1]!])).rejects.toThrow('QuotaExceededError');
    storage.setItem = setItem;
    // The next write, after only the other flow changed, stores both.
    const other = { ...flows[1]!, status: 'awaitingPayment' as const, serverSeq: 1 };
    await write([changed, other]);

    expect(storedFlows(memory)).toEqual([changed, other]);
  });

  it('tombstones a flow this tab wrote and no longer holds, and repeats it in later writes', async () => {
    const memory = createMemoryStorage();
    const tab = tabOver(memory);
    const gone = persistedFlow();

    await tab.setItem(STORAGE_KEY, written([gone]));
    await tab.setItem(STORAGE_KEY, written([]));
    expect(retiredIn(memory.get(STORAGE_KEY))).toEqual({ [gone.flowId]: NOW });

    // Another tab overwrote everything (an old version, say): the next write restores it.
    memory.set(STORAGE_KEY, written([gone]));
    await tab.setItem(STORAGE_KEY, written([]));
    expect(storedFlows(memory)).toEqual([]);
    expect(retiredIn(memory.get(STORAGE_KEY))).toEqual({ [gone.flowId]: NOW });
  });

  it('after a reload, never takes a flow another tab listed since for one of its own', async () => {
    const memory = createMemoryStorage();
    const mine = persistedFlow({ createdAt: 1 });
    await tabOver(memory).setItem(STORAGE_KEY, persistedValue([mine]));
    // This tab reloads and restores its flow as read.
    const tab = tabOver(memory);
    const read = readStored((await tab.readParsed(STORAGE_KEY))?.parsed?.[FLOWS_KEY]);
    tab.restoredFrom(read, () => 'asRead');
    // Another tab lists a flow of its own before this tab's first write.
    const theirs = persistedFlow({ createdAt: 2 });
    await tabOver(memory).setItem(STORAGE_KEY, persistedValue([theirs]));

    const restored = read.flows;
    await tab.setItem(STORAGE_KEY, persistedValue(restored));
    // A new flow here: this write is not one of status changes alone.
    const added = persistedFlow({ createdAt: 3 });
    await tab.setItem(STORAGE_KEY, persistedValue([...restored, added]));

    expect(storedFlows(memory).map((flow) => flow.flowId)).toEqual(
      [mine, theirs, added].map((flow) => flow.flowId),
    );
    expect(retiredIn(memory.get(STORAGE_KEY))).toEqual({});
  });

  it('lists a flow whose entry a failed write stored, once a write succeeds', async () => {
    const memory = createMemoryStorage();
    const tab = tabOver(memory);
    const { first, added } = await addFlowWhileListIsRefused(memory, tab);

    expect(storedFlows(memory).map((flow) => flow.flowId)).toEqual([first.flowId, added.flowId]);
  });

  it('after a failed write, never takes another tab’s listed flow for one it let go', async () => {
    const memory = createMemoryStorage();
    const theirs = persistedFlow({ createdAt: 0 });
    await tabOver(memory).setItem(STORAGE_KEY, persistedValue([theirs]));
    const tab = tabOver(memory);
    const { first, added } = await addFlowWhileListIsRefused(memory, tab);

    const another = persistedFlow({ createdAt: 3 });
    await tab.setItem(STORAGE_KEY, persistedValue([first, added, another]));

    expect(retiredIn(memory.get(STORAGE_KEY))).toEqual({});
    expect(storedFlows(memory).map((flow) => flow.flowId)).toEqual(
      [theirs, first, added, another].map((flow) => flow.flowId),
    );
  });

  describe('a write of many changed flows', () => {
    const manyFlows = () =>
      Array.from({ length: 5 * ENTRIES_PER_SLICE + 10 }, (_, index) =>
        persistedFlow({ createdAt: index }),
      );

    it('lets the page run between slices of entries, and stores them all', async () => {
      const memory = createMemoryStorage();
      const flows = manyFlows();
      const events: string[] = [];

      const write = Promise.resolve(
        tabOver(memory).setItem(STORAGE_KEY, persistedValue(flows)),
      ).then(() => events.push('written'));
      setImmediate(() => events.push('a socket event'));
      await write;

      expect(events).toEqual(['a socket event', 'written']);
      expect(storedFlows(memory)).toEqual(flows);
    });

    it('keeps what another tab listed while it yielded', async () => {
      const memory = createMemoryStorage();
      const flows = manyFlows();
      const theirs = persistedFlow({ createdAt: -1 });

      const write = tabOver(memory).setItem(STORAGE_KEY, persistedValue(flows));
      setImmediate(() => void tabOver(memory).setItem(STORAGE_KEY, persistedValue([theirs])));
      await write;

      expect(storedFlows(memory)).toEqual([theirs, ...flows]);
    });

    it('unlists a flow a restore made while it yielded left out, with the next write', async () => {
      const memory = createMemoryStorage();
      const flows = manyFlows();
      // Another tab saved a flow, which has since finished there.
      const finished = persistedFlow({ createdAt: -1 });
      await tabOver(memory).setItem(STORAGE_KEY, persistedValue([finished]));
      const tab = tabOver(memory);
      await tab.setItem(STORAGE_KEY, persistedValue(flows));
      // A second persist() reads what is stored...
      const read = readStored((await tab.readParsed(STORAGE_KEY))?.parsed?.[FLOWS_KEY]);

      // ...while every flow moves on, and its restore, which leaves the finished flow out, ends
      // as the write of those changes yields.
      const movedOn = flows.map((flow) => ({ ...flow, serverSeq: flow.serverSeq + 1 }));
      const write = tab.setItem(STORAGE_KEY, persistedValue(movedOn));
      setImmediate(() => {
        tab.restoredFrom(read, (flow) => (flow.flowId === finished.flowId ? 'left' : 'changed'));
      });
      await write;
      await tab.setItem(STORAGE_KEY, persistedValue(movedOn));

      expect(storedFlows(memory)).toEqual(movedOn);
    });
  });

  it('writes other keys (the backup) as they are, unmerged', async () => {
    const memory = createMemoryStorage();
    const tab = tabOver(memory);
    memory.set(BACKUP_KEY, written([persistedFlow()]));
    const backup = written([persistedFlow()]);

    await tab.setItem(BACKUP_KEY, backup);

    expect(memory.get(BACKUP_KEY)).toBe(backup);
  });

  it('writes this tab’s value when storage cannot be read', async () => {
    const memory = createMemoryStorage();
    memory.storage.getItem = () => Promise.reject(new Error('SecurityError'));
    const tab = tabOver(memory);
    const flow = persistedFlow();

    await tab.setItem(STORAGE_KEY, written([flow]));

    expect(storedFlows(memory)).toEqual([flow]);
  });
});
