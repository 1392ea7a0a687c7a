import { createNextState } from '@reduxjs/toolkit';
import {
  deleteIndexEntry,
  flowByIdIn,
  indexEntry,
  setIndexEntry,
  type FlowIndex,
} from '../../src/payments/flowState';
import { emptyLevel, leafPathOf, leavesOf } from '../../src/payments/hashTrie';
import { flowsMirrored, paymentFlowsReducer } from '../../src/payments/paymentFlowsSlice';
import { toPersistedFlow } from '../../src/payments/persistence/flowRecord';
import { LINKED_T0 as T0, linkedFlows } from '../helpers/linkedFlows';

test('re-setting an index entry to the flow it already names keeps the index (as Immer would)', () => {
  const { state, flowIds } = linkedFlows(50);
  const flowId = flowIds[5] ?? '';
  const flow = flowByIdIn(state, flowId);
  if (!flow) throw new Error('no flow');
  // Another tab's copy of the same flow, further along: same booking and payment ids.
  const copy = toPersistedFlow({ ...flow, status: 'processing', serverSeq: 2, updatedAt: T0 + 50 });
  const after = paymentFlowsReducer(state, flowsMirrored({ flows: [copy], at: T0 + 50 }));
  expect(flowByIdIn(after, flowId)?.status).toBe('processing');
  expect(indexEntry(after.flowIdByPaymentId, 'pay_5')).toBe(flowId);
  expect(after.flowIdByBookingId).toBe(state.flowIdByBookingId);
  expect(after.flowIdByPaymentId).toBe(state.flowIdByPaymentId);
});

describe('two keys whose hashes share an index leaf', () => {
  /** Two booking ids with one leaf path: the leaf holds both pairs. */
  function collidingKeys(): [string, string] {
    const seen = new Map<string, string>();
    for (let n = 0; ; n += 1) {
      const key = `bk_${n}`;
      const other = seen.get(leafPathOf(key).join());
      if (other !== undefined) return [other, key];
      seen.set(leafPathOf(key).join(), key);
    }
  }
  const [first, second] = collidingKeys();

  it.each([
    [
      'built outside a reducer',
      (change: (index: FlowIndex) => void) => {
        const index: FlowIndex = emptyLevel();
        change(index);
        return index;
      },
    ],
    [
      'changed inside a reducer from a frozen index',
      (change: (index: FlowIndex) => void) =>
        createNextState(Object.freeze(emptyLevel()) as FlowIndex, change),
    ],
  ])('finds each, and keeps the other when one goes (%s)', (_where, changed) => {
    const both = changed((index) => {
      setIndexEntry(index, first, 'flow-1');
      setIndexEntry(index, second, 'flow-2');
    });
    expect(leavesOf(both)).toEqual([[first, 'flow-1', second, 'flow-2']]);
    expect([indexEntry(both, first), indexEntry(both, second)]).toEqual(['flow-1', 'flow-2']);

    const one = createNextState(both, (index) => {
      deleteIndexEntry(index, first, 'flow-1');
      // Still pointing at flow-2: a delete for another flow leaves it.
      deleteIndexEntry(index, second, 'flow-9');
    });
    expect(indexEntry(one, first)).toBeUndefined();
    expect(indexEntry(one, second)).toBe('flow-2');
    expect(indexEntry(both, first)).toBe('flow-1');

    const none = createNextState(one, (index) => {
      deleteIndexEntry(index, second, 'flow-2');
    });
    expect(none).toEqual(emptyLevel());
  });
});
