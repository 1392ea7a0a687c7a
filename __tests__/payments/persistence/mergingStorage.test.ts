import { silentLogger } from '../../../src/payments/logger';
import { createMergingStorage } from '../../../src/payments/persistence/mergingStorage';
import type { PersistedFlow } from '../../../src/payments/persistence/flowRecord';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { BACKUP_KEY, persistedFlow, STORAGE_KEY, storedFlows } from './persistenceHarness';

const NOW = 1_900_000_000_000;

/** What redux-persist hands storage for this tab's state (version 4: flows and tombstones). */
function written(flows: PersistedFlow[], retired: Record<string, number> = {}): string {
  return JSON.stringify({
    paymentFlows: JSON.stringify({ flows, retired }),
    _persist: JSON.stringify({ version: 4, rehydrated: true }),
  });
}

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
    expect(storedFlows(memory.get(STORAGE_KEY))).toEqual(
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
    expect(storedFlows(fromObject.get(STORAGE_KEY))).toHaveLength(2);
  });

  it('stores the text JSON.stringify makes of each part, for text that must be escaped', async () => {
    const awkward = ['say "hi" \\ \n\t\u0001', '</script>\u2028\u2029', 'é😀', '\ud800 alone'];
    const flows = awkward.map((resourceId, index) =>
      persistedFlow({ booking: { ...persistedFlow().booking, resourceId }, createdAt: index }),
    );
    const persist = { version: 4, rehydrated: true };
    const memory = createMemoryStorage();
    const tab = tabOver(memory);

    await tab.setItem(STORAGE_KEY, { paymentFlows: { flows, retired: {} }, _persist: persist });
    // Again, with one flow changed: the others' kept text and the changed one's new text.
    const changed = { ...flows[1]!, status: 'awaitingPayment' as const };
    const next = [flows[0]!, changed, flows[2]!, flows[3]!];
    await tab.setItem(STORAGE_KEY, {
      paymentFlows: { flows: next, retired: {} },
      _persist: persist,
    });

    expect(memory.get(STORAGE_KEY)).toBe(
      JSON.stringify({
        paymentFlows: JSON.stringify({ flows: next, retired: {} }),
        _persist: JSON.stringify(persist),
      }),
    );
    expect(storedFlows(memory.get(STORAGE_KEY))).toEqual(next);
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
    expect(storedFlows(memory.get(STORAGE_KEY))).toEqual([]);
    expect(retiredIn(memory.get(STORAGE_KEY))).toEqual({ [gone.flowId]: NOW });
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

    expect(storedFlows(memory.get(STORAGE_KEY))).toEqual([flow]);
  });
});
