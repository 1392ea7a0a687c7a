import { silentLogger } from '../../../src/payments/logger';
import { createMergingStorage } from '../../../src/payments/persistence/mergingStorage';
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
} from './persistenceHarness';

const NOW = 1_900_000_000_000;
const persist = { version: PERSIST_VERSION, rehydrated: true };
const state = (flows: PersistedFlow[], retired: Record<string, number> = {}) => ({
  paymentFlows: { flows, retired },
  _persist: persist,
});

describe('the merging storage, reviewed', () => {
  it('a write that failed part-way is not taken as stored: the next write stores the flow it left out', async () => {
    const memory = createMemoryStorage();
    let failFor: string | undefined;
    const storage = {
      ...memory.storage,
      async setItem(key: string, value: string) {
        if (key === failFor) {
          failFor = undefined;
          throw new Error('QuotaExceededError');
        }
        await memory.storage.setItem(key, value);
      },
    };
    const tab = createMergingStorage(storage, {
      key: STORAGE_KEY,
      now: () => NOW,
      logger: silentLogger,
    });
    const a = persistedFlow();
    const b = persistedFlow({ status: 'awaitingPayment', serverSeq: 3 });
    await tab.setItem(STORAGE_KEY, state([a]));

    failFor = flowEntryKey(STORAGE_KEY, b.flowId);
    await expect(tab.setItem(STORAGE_KEY, state([a, b]))).rejects.toThrow('Quota');

    const movedOn = { ...a, updatedAt: a.updatedAt + 1 };
    await tab.setItem(STORAGE_KEY, state([movedOn, b]));

    expect(storedFlow(memory, b.flowId)).toEqual(b);
    expect(storedFlows(memory)).toHaveLength(2);
  });

  it('a flow the restore left out that another tab has written since stays listed and stored', async () => {
    const memory = createMemoryStorage();
    const tabOver = () =>
      createMergingStorage(memory.storage, {
        key: STORAGE_KEY,
        now: () => NOW,
        logger: silentLogger,
      });
    const tabB = tabOver();
    // Two drafts for one booking draft (each tab confirmed before it saw the other's).
    const kept = persistedFlow();
    const second = persistedFlow({ booking: kept.booking, createdAt: kept.createdAt + 1 });
    await tabB.setItem(STORAGE_KEY, state([kept, second]));

    // Tab A reloads: its restore keeps the older draft and leaves the second out.
    const tabA = tabOver();
    const read = readStored((await tabA.readParsed(STORAGE_KEY))?.parsed?.[FLOWS_KEY]);
    const restored = read.flows.filter((flow) => flow.flowId === kept.flowId);
    tabA.restoredFrom(read, (flow) => (restored.includes(flow) ? 'asRead' : 'left'));

    // Meanwhile tab B asks the server for a booking in its flow and saves it first.
    const booking = {
      ...second,
      status: 'creatingBooking' as const,
      updatedAt: second.updatedAt + 5,
      history: [
        { from: 'draft' as const, to: 'creatingBooking' as const, cause: 'confirm', at: 1 },
      ],
    };
    await tabB.setItem(STORAGE_KEY, state([kept, booking]));

    // Tab A's first write.
    await tabA.setItem(STORAGE_KEY, state(restored));

    expect(storedFlow(memory, booking.flowId)).toEqual(booking);
  });

  it('a newer version’s flow entry this tab writes over is kept in the backup first', async () => {
    const memory = createMemoryStorage();
    const mine = persistedFlow({ status: 'awaitingPayment', serverSeq: 2 });
    // A tab of a newer release (version 6) moved the flow on, to a status this one does not know.
    const theirs = { ...mine, status: 'someFutureStatus', serverSeq: 5 };
    memory.set(flowEntryKey(STORAGE_KEY, mine.flowId), JSON.stringify(theirs));
    memory.set(
      STORAGE_KEY,
      JSON.stringify({
        [FLOWS_KEY]: JSON.stringify({ flows: [], retired: {}, saved: [mine.flowId] }),
        _persist: JSON.stringify({ version: PERSIST_VERSION + 1, rehydrated: true }),
      }),
    );
    const tab = createMergingStorage(memory.storage, {
      key: STORAGE_KEY,
      now: () => NOW,
      logger: silentLogger,
    });

    await tab.setItem(STORAGE_KEY, state([{ ...mine, updatedAt: mine.updatedAt + 1 }]));

    expect(memory.get(BACKUP_KEY)).toContain('someFutureStatus');
  });
});
