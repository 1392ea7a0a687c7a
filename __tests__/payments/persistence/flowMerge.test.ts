import { flowByIdIn } from '../../../src/payments/flowState';
import { silentLogger } from '../../../src/payments/logger';
import {
  mergeFlows,
  TOMBSTONE_LIMIT,
  TOMBSTONE_TTL_MS,
  type MergeInput,
} from '../../../src/payments/persistence/flowMerge';
import { preferredCopy, type PersistedFlow } from '../../../src/payments/persistence/flowRecord';
import { restoreFlows } from '../../../src/payments/persistence/persistedFlows';
import { readStored } from '../../../src/payments/persistence/storedFlows';
import { persistedFlow } from './persistenceHarness';

const NOW = 1_900_000_000_000;

/** `stored` is the parsed JSON storage holds, read as the merging storage reads it. */
function merge({ stored, ...input }: Partial<Omit<MergeInput, 'stored'>> & { stored?: unknown }) {
  return mergeFlows({
    mine: { flows: [], retired: {} },
    leftHere: [],
    now: NOW,
    ...input,
    stored: readStored(stored),
  });
}

const ids = (flows: PersistedFlow[]) => flows.map((flow) => flow.flowId).sort();

describe('merging this tab’s write with what other tabs stored', () => {
  it('keeps every flow of both tabs', () => {
    const mine = persistedFlow({ createdAt: NOW - 2 });
    const theirs = persistedFlow({ createdAt: NOW - 1, status: 'awaitingPayment' });

    const { value, dropped } = merge({
      mine: { flows: [mine], retired: {} },
      stored: { flows: [theirs], retired: {} },
    });

    expect(value.flows).toEqual([mine, theirs]);
    expect(dropped).toEqual([]);
  });

  it('keeps one copy of a flow both hold: the one further along', () => {
    const early = persistedFlow({ status: 'creatingBooking', serverSeq: 0 });
    const later = {
      ...early,
      status: 'awaitingPayment' as const,
      bookingId: 'bk_1',
      paymentId: 'pay_1',
      serverSeq: 1,
    };

    expect(
      merge({ mine: { flows: [early], retired: {} }, stored: { flows: [later] } }).value.flows,
    ).toEqual([later]);
    expect(
      merge({ mine: { flows: [later], retired: {} }, stored: { flows: [early] } }).value.flows,
    ).toEqual([later]);
  });

  it('same flow: higher serverSeq, then later updatedAt, then further along, then this tab’s', () => {
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

  it('a tombstone beats a live copy, whichever tab holds either', () => {
    const retiredThere = persistedFlow();
    const retiredHere = persistedFlow();

    const { value } = merge({
      mine: { flows: [retiredThere], retired: { [retiredHere.flowId]: NOW - 5 } },
      stored: { flows: [retiredHere], retired: { [retiredThere.flowId]: NOW - 1_000 } },
    });

    expect(value.flows).toEqual([]);
    expect(value.retired).toEqual({
      [retiredHere.flowId]: NOW - 5,
      [retiredThere.flowId]: NOW - 1_000,
    });
  });

  it('a flow this tab wrote and no longer holds is tombstoned now, its stored copy dropped', () => {
    const gone = persistedFlow({ status: 'awaitingPayment' });

    const { value } = merge({ stored: { flows: [gone] }, leftHere: [gone.flowId] });

    expect(value.flows).toEqual([]);
    expect(value.retired).toEqual({ [gone.flowId]: NOW });
  });

  it('drops a tombstone older than 24 h; a copy a tab still writes is then kept', () => {
    const stale = persistedFlow();
    const recent = persistedFlow();

    const { value } = merge({
      mine: { flows: [stale], retired: {} },
      stored: {
        flows: [],
        retired: { [stale.flowId]: NOW - TOMBSTONE_TTL_MS, [recent.flowId]: NOW - 1 },
      },
    });

    expect(value.retired).toEqual({ [recent.flowId]: NOW - 1 });
    expect(ids(value.flows)).toEqual([stale.flowId]);
  });

  it('keeps at most TOMBSTONE_LIMIT tombstones, the most recent', () => {
    const retired: Record<string, number> = {};
    for (let i = 0; i <= TOMBSTONE_LIMIT; i += 1) retired[`flow-t${i}`] = NOW - 1 - i;

    const { value } = merge({ stored: { flows: [], retired } });

    expect(Object.keys(value.retired)).toHaveLength(TOMBSTONE_LIMIT);
    expect(value.retired).not.toHaveProperty(`flow-t${TOMBSTONE_LIMIT}`);
    expect(value.retired).toHaveProperty('flow-t0');
  });

  it('a tab that died without writing its tombstones: its flows stay until retired or resumed', () => {
    const orphan = persistedFlow({ status: 'awaitingPayment', bookingId: 'bk_o' });
    const mine = persistedFlow();

    const written = merge({ mine: { flows: [mine], retired: {} }, stored: { flows: [orphan] } });
    expect(ids(written.value.flows)).toEqual(ids([mine, orphan]));

    // A reload finds it and resumes it.
    const reloaded = restoreFlows(written.value, silentLogger);
    expect(flowByIdIn(reloaded, orphan.flowId)?.status).toBe('awaitingPayment');

    // The tab that resumed it finished it: its tombstone retires it everywhere.
    const retired = merge({
      mine: { flows: [], retired: { [orphan.flowId]: NOW } },
      stored: written.value,
    });
    expect(ids(retired.value.flows)).toEqual([mine.flowId]);
    expect(flowByIdIn(restoreFlows(retired.value, silentLogger), orphan.flowId)).toBeUndefined();
  });

  it('drops stored entries that do not parse, each with a reason', () => {
    const good = persistedFlow();
    const badStatus = { ...persistedFlow(), status: 'teleported' };

    const { value, dropped } = merge({
      stored: { flows: [good, badStatus, 42], retired: { 'not a safe id': 1 } },
    });

    expect(value.flows).toEqual([good]);
    expect(value.retired).toEqual({});
    expect(dropped).toEqual([
      {
        what: 'flow',
        flowId: badStatus.flowId,
        reason: expect.stringContaining('status') as string,
      },
      { what: 'flow', flowId: undefined, reason: expect.stringContaining('payload') as string },
      { what: 'tombstones', reason: expect.stringContaining('tombstones') as string },
    ]);
  });

  it('stored data in another shape is dropped with a reason, this tab’s flows written', () => {
    const mine = persistedFlow();

    const { value, dropped } = merge({
      mine: { flows: [mine], retired: {} },
      stored: { flows: 'nope' },
    });

    expect(value.flows).toEqual([mine]);
    expect(dropped).toEqual([{ what: 'list', reason: expect.stringContaining('flows') as string }]);
  });
});
