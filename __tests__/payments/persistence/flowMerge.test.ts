import { flowByIdIn, oldestFirst } from '../../../src/payments/flowState';
import { silentLogger, type Logger } from '../../../src/payments/logger';
import { TOMBSTONE_LIMIT, TOMBSTONE_TTL_MS } from '../../../src/payments/persistence/flowMerge';
import { preferredCopy, type PersistedFlow } from '../../../src/payments/persistence/flowRecord';
import { createMergingStorage } from '../../../src/payments/persistence/mergingStorage';
import { PERSIST_VERSION } from '../../../src/payments/persistence/migrations';
import { restoreFlows } from '../../../src/payments/persistence/persistedFlows';
import type { PersistedFlows } from '../../../src/payments/persistence/storedFlows';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { persistedFlow, STORAGE_KEY, storedFlows, storedPart } from './persistenceHarness';

const NOW = 1_900_000_000_000;

/**
 * This tab writes `mine` over storage holding `stored` (what another tab wrote: any parsed
 * JSON, stored inline as versions before 5 did); `leftHere` were written by this tab before.
 * What storage then holds, and the warnings about what could not be kept.
 */
async function merge({
  mine = { flows: [], retired: {} },
  stored,
  leftHere = [],
}: {
  mine?: PersistedFlows;
  stored?: unknown;
  leftHere?: PersistedFlow[];
}) {
  const memory = createMemoryStorage();
  const dropped: unknown[] = [];
  const logger: Logger = {
    ...silentLogger,
    warn: (message, context) => dropped.push({ message, ...context }),
  };
  const tab = createMergingStorage(memory.storage, { key: STORAGE_KEY, now: () => NOW, logger });
  const persist = { version: PERSIST_VERSION, rehydrated: true };
  if (leftHere.length > 0) {
    await tab.setItem(STORAGE_KEY, {
      paymentFlows: { flows: leftHere, retired: {} },
      _persist: persist,
    });
  }
  if (stored !== undefined) {
    memory.set(
      STORAGE_KEY,
      JSON.stringify({ paymentFlows: JSON.stringify(stored), _persist: '{"version":4}' }),
    );
  }
  await tab.setItem(STORAGE_KEY, { paymentFlows: mine, _persist: persist });
  const value = {
    flows: storedFlows(memory).sort(oldestFirst),
    retired: storedPart(memory)?.retired ?? {},
  };
  return { value, dropped, memory };
}

const ids = (flows: PersistedFlow[]) => flows.map((flow) => flow.flowId).sort();

describe('merging this tab’s write with what other tabs stored', () => {
  it('keeps every flow of both tabs', async () => {
    const mine = persistedFlow({ createdAt: NOW - 2 });
    const theirs = persistedFlow({ createdAt: NOW - 1, status: 'awaitingPayment' });

    const { value, dropped } = await merge({
      mine: { flows: [mine], retired: {} },
      stored: { flows: [theirs], retired: {} },
    });

    expect(value.flows).toEqual([mine, theirs]);
    expect(dropped).toEqual([]);
  });

  it('keeps one copy of a flow both hold: the one further along', async () => {
    const early = persistedFlow({ status: 'creatingBooking', serverSeq: 0 });
    const later = {
      ...early,
      status: 'awaitingPayment' as const,
      bookingId: 'bk_1',
      paymentId: 'pay_1',
      serverSeq: 1,
    };

    expect(
      (await merge({ mine: { flows: [early], retired: {} }, stored: { flows: [later] } })).value
        .flows,
    ).toEqual([later]);
    expect(
      (await merge({ mine: { flows: [later], retired: {} }, stored: { flows: [early] } })).value
        .flows,
    ).toEqual([later]);
  });

  it('same flow: higher serverSeq, then later updatedAt, then further along, then this tab’s', async () => {
    const base = persistedFlow({ status: 'awaitingPayment', bookingId: 'bk_2', serverSeq: 3 });
    const higherSeq = { ...base, serverSeq: 4, updatedAt: base.updatedAt - 10 };
    const laterUpdate = { ...base, updatedAt: base.updatedAt + 10 };
    const paying = { ...base, status: 'processing' as const, paymentId: 'pay_2' };
    const sameAgain = { ...base };

    expect(preferredCopy(base, higherSeq)).toBe(higherSeq);
    expect(preferredCopy(higherSeq, laterUpdate)).toBe(higherSeq);
    expect(preferredCopy(base, laterUpdate)).toBe(laterUpdate);
    expect(preferredCopy(base, paying)).toBe(paying);
    expect(preferredCopy(paying, base)).toBe(paying);
    expect(preferredCopy(base, sameAgain)).toBe(base);
  });

  it('a tombstone beats a live copy, whichever tab holds either', async () => {
    const retiredThere = persistedFlow();
    const retiredHere = persistedFlow();

    const { value } = await merge({
      mine: { flows: [retiredThere], retired: { [retiredHere.flowId]: NOW - 5 } },
      stored: { flows: [retiredHere], retired: { [retiredThere.flowId]: NOW - 1_000 } },
    });

    expect(value.flows).toEqual([]);
    expect(value.retired).toEqual({
      [retiredHere.flowId]: NOW - 5,
      [retiredThere.flowId]: NOW - 1_000,
    });
  });

  it('a flow this tab wrote and no longer holds is tombstoned now, its stored copy dropped', async () => {
    const gone = persistedFlow({ status: 'awaitingPayment' });

    const { value } = await merge({ stored: { flows: [gone] }, leftHere: [gone] });

    expect(value.flows).toEqual([]);
    expect(value.retired).toEqual({ [gone.flowId]: NOW });
  });

  it('drops a tombstone older than 24 h; a copy a tab still writes is then kept', async () => {
    const stale = persistedFlow();
    const recent = persistedFlow();

    const { value } = await merge({
      mine: { flows: [stale], retired: {} },
      stored: {
        flows: [],
        retired: { [stale.flowId]: NOW - TOMBSTONE_TTL_MS, [recent.flowId]: NOW - 1 },
      },
    });

    expect(value.retired).toEqual({ [recent.flowId]: NOW - 1 });
    expect(ids(value.flows)).toEqual([stale.flowId]);
  });

  it('keeps at most TOMBSTONE_LIMIT tombstones, the most recent', async () => {
    const retired: Record<string, number> = {};
    for (let i = 0; i <= TOMBSTONE_LIMIT; i += 1) retired[`flow-t${i}`] = NOW - 1 - i;

    const { value } = await merge({ stored: { flows: [], retired } });

    expect(Object.keys(value.retired)).toHaveLength(TOMBSTONE_LIMIT);
    expect(value.retired).not.toHaveProperty(`flow-t${TOMBSTONE_LIMIT}`);
    expect(value.retired).toHaveProperty('flow-t0');
  });

  it('a tab that died without writing its tombstones: its flows stay until retired or resumed', async () => {
    const orphan = persistedFlow({ status: 'awaitingPayment', bookingId: 'bk_o' });
    const mine = persistedFlow();

    const written = await merge({
      mine: { flows: [mine], retired: {} },
      stored: { flows: [orphan] },
    });
    expect(ids(written.value.flows)).toEqual(ids([mine, orphan]));

    // A reload finds it and resumes it.
    const reloaded = restoreFlows(written.value, silentLogger);
    expect(flowByIdIn(reloaded, orphan.flowId)?.status).toBe('awaitingPayment');

    // The tab that resumed it finished it: its tombstone retires it everywhere.
    const retired = await merge({
      mine: { flows: [], retired: { [orphan.flowId]: NOW } },
      stored: written.value,
    });
    expect(ids(retired.value.flows)).toEqual([mine.flowId]);
    expect(flowByIdIn(restoreFlows(retired.value, silentLogger), orphan.flowId)).toBeUndefined();
  });

  it('drops stored entries that do not parse, each with a reason', async () => {
    const good = persistedFlow();
    const badStatus = { ...persistedFlow(), status: 'teleported' };

    const { value, dropped } = await merge({
      stored: { flows: [good, badStatus, 42], retired: { 'not a safe id': 1 } },
    });

    expect(value.flows).toEqual([good]);
    expect(value.retired).toEqual({});
    expect(dropped).toEqual([
      expect.objectContaining({
        flowId: badStatus.flowId,
        reason: expect.stringContaining('status') as string,
      }),
      expect.objectContaining({
        flowId: undefined,
        reason: expect.stringContaining('payload') as string,
      }),
      expect.objectContaining({ reason: expect.stringContaining('tombstones') as string }),
    ]);
  });

  it('stored data in another shape is dropped with a reason, this tab’s flows written', async () => {
    const mine = persistedFlow();

    const { value, dropped } = await merge({
      mine: { flows: [mine], retired: {} },
      stored: { flows: 'nope' },
    });

    expect(value.flows).toEqual([mine]);
    expect(dropped).toEqual([
      expect.objectContaining({ reason: expect.stringContaining('flows') as string }),
    ]);
  });
});
