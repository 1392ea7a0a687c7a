import { createNextState } from '@reduxjs/toolkit';
import { flowByIdIn, indexEntry } from '../../src/payments/flowState';
import {
  deepFreeze,
  deleteLeaf,
  emptyLevel,
  leafPathOf,
  leavesOf,
  peekLeaf,
  peekOwn,
  setLeaf,
  setLeaves,
  type HashTrie,
} from '../../src/payments/hashTrie';
import { paymentFlowsReducer, paymentStatusesReceived } from '../../src/payments/paymentFlowsSlice';
import { LINKED_T0 as T0, linkedFlows } from '../helpers/linkedFlows';

describe('the hash trie under the flows (issue 11)', () => {
  test('a key’s path is three slots from 0 to 15, the same every time', () => {
    const keys = ['flow-1', 'bk_1', '3fa85f64-5717-4562-b3fc-2c963f66afa6'];
    const paths = keys.map(leafPathOf);

    for (const path of paths) {
      expect(path).toHaveLength(3);
      for (const slot of path) expect(Number.isInteger(slot) && slot >= 0 && slot < 16).toBe(true);
    }
    expect(keys.map(leafPathOf)).toEqual(paths);
    const perLeaf = new Map<string, number>();
    for (let i = 0; i < 20_000; i += 1) {
      const path = leafPathOf(`bk_demo_${i}`).join();
      perLeaf.set(path, (perLeaf.get(path) ?? 0) + 1);
    }
    // ~4.9 keys per leaf on average: a skewed hash would pile them up in a few leaves.
    expect(perLeaf.size).toBeGreaterThan(4_000);
    expect(Math.max(...perLeaf.values())).toBeLessThanOrEqual(20);
  });

  test('a status event for one of 500 flows changes one leaf: every other leaf and each index stay the same objects', () => {
    const { state: before } = linkedFlows(500);
    const update = { paymentId: 'pay_7', status: 'processing' as const, seq: 2, occurredAt: T0 };

    const after = paymentFlowsReducer(
      before,
      paymentStatusesReceived({ updates: [update], at: T0 }),
    );

    const changed = leavesOf(after.flows).filter((leaf) => !leavesOf(before.flows).includes(leaf));
    expect(changed).toHaveLength(1);
    expect(changed[0]?.ids).toContain(indexEntry(after.flowIdByPaymentId, 'pay_7'));
    expect(after.flowIdByPaymentId).toBe(before.flowIdByPaymentId);
    expect(after.flowIdByBookingId).toBe(before.flowIdByBookingId);
    expect(after.flowIdByDraftKey).toBe(before.flowIdByDraftKey);
    expect(after.flows).toHaveLength(16);
    for (const middle of after.flows) expect(middle?.length ?? 16).toBe(16);
  });

  test('reading a flow inside a reducer that then changes nothing leaves the whole state unchanged', () => {
    const { state, flowIds } = linkedFlows(50);
    const stale = {
      paymentId: 'pay_3',
      status: 'awaitingPayment' as const,
      seq: 1,
      occurredAt: T0,
    };

    const after = paymentFlowsReducer(state, paymentStatusesReceived({ updates: [stale], at: T0 }));

    expect(after.flows).toBe(state.flows);
    expect(flowByIdIn(after, flowIds[3] ?? '')).toBe(flowByIdIn(state, flowIds[3] ?? ''));
  });

  test('own entries only: `__proto__` and `constructor` find nothing', () => {
    const trie: HashTrie<Record<string, string>> = emptyLevel();
    setLeaf(trie, 'bk_1', { bk_1: 'flow-1' });

    expect(peekOwn({ a: 1 }, 'constructor')).toBeUndefined();
    expect(peekOwn({ a: 1 }, '__proto__')).toBeUndefined();
    expect(peekLeaf(trie, '__proto__')).toBeUndefined();
    expect(peekLeaf(trie, 'bk_1')).toEqual({ bk_1: 'flow-1' });
  });

  test('deleting the last leaf under a path removes the levels it leaves empty', () => {
    const trie: HashTrie<string> = emptyLevel();
    setLeaf(trie, 'one', 'leaf one');
    setLeaf(trie, 'two', 'leaf two');

    deleteLeaf(trie, 'one');
    expect(leavesOf(trie)).toEqual(['leaf two']);
    deleteLeaf(trie, 'two');
    expect(trie).toEqual(emptyLevel());
  });

  test('putting many leaves copies each level above them once and keeps every other level', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `key-${i}`);
    const trie = createNextState(emptyLevel() as HashTrie<string>, (draft) => {
      for (const key of keys) setLeaf(draft, key, `old ${key}`);
    });
    const changed = new Map(keys.slice(0, 3).map((key) => [key, `new ${key}`]));

    const after = createNextState(trie, (draft) => {
      setLeaves(draft, changed);
    });

    expect(leavesOf(after).sort()).toEqual(
      keys.map((key) => (changed.has(key) ? `new ${key}` : `old ${key}`)).sort(),
    );
    const touched = new Set(keys.slice(0, 3).map((key) => leafPathOf(key)[0]));
    for (const [a, middle] of after.entries()) {
      expect(middle === trie[a]).toBe(!touched.has(a));
      expect(Object.isFrozen(middle)).toBe(true);
    }
  });

  test('putting many leaves under a level an earlier change drafted goes through that draft', () => {
    // `three` and `five` share their first level (3), `one` does not.
    expect([leafPathOf('three'), leafPathOf('five'), leafPathOf('one')]).toEqual([
      [3, 12, 3],
      [3, 9, 5],
      [9, 14, 15],
    ]);
    const trie = createNextState(emptyLevel() as HashTrie<string>, (draft) => {
      setLeaf(draft, 'three', 'leaf three');
    });

    const after = createNextState(trie, (draft) => {
      setLeaf(draft, 'five', 'leaf five');
      setLeaves(
        draft,
        new Map([
          ['three', 'new three'],
          ['one', 'leaf one'],
        ]),
      );
    });

    expect(leavesOf(after).sort()).toEqual(['leaf five', 'leaf one', 'new three']);
    expect(leavesOf(trie)).toEqual(['leaf three']);
    expect(Object.isFrozen(after[3])).toBe(true);
  });
});

describe('deepFreeze', () => {
  const extended = Array.prototype as unknown as Record<string, unknown>;
  afterEach(() => {
    delete extended.hostHelper;
  });

  it('freezes what the value owns, and not an enumerable extension of Array.prototype', () => {
    const helper = { calls: 0 };
    // An old-style extension: plain assignment makes it enumerable.
    extended.hostHelper = helper;
    const state = { history: [{ from: 'draft', to: 'creatingBooking' }] };

    deepFreeze(state);

    expect(Object.isFrozen(helper)).toBe(false);
    expect([state, state.history, state.history[0]].every(Object.isFrozen)).toBe(true);
  });
});
