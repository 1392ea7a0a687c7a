import { setAutoFreeze } from 'immer';
import { allFlowsIn, flowByIdIn, indexEntry } from '../../../src/payments/flowState';
import { leavesOf } from '../../../src/payments/hashTrie';
import { HISTORY_LIMIT } from '../../../src/payments/flowTransitions';
import { silentLogger } from '../../../src/payments/logger';
import {
  paymentFlowsReducer,
  paymentStatusesReceived,
} from '../../../src/payments/paymentFlowsSlice';
import { persistFlows, restoreFlows } from '../../../src/payments/persistence/persistedFlows';
import { LINKED_T0, linkedFlows } from '../../helpers/linkedFlows';
import { persistedFlow } from './persistenceHarness';

/** Every object reachable from `value`, the value itself included. */
function objectsIn(value: unknown, found: object[] = []): object[] {
  if (typeof value !== 'object' || value === null) return found;
  found.push(value);
  for (const child of Object.values(value)) objectsIn(child, found);
  return found;
}

describe('the state rebuilt from storage (issue 11: rehydrate built without a draft)', () => {
  it('has the flows and indexes the reducers built', () => {
    const { state } = linkedFlows(300);

    const restored = restoreFlows(persistFlows(state), silentLogger);

    expect(allFlowsIn(restored.flows).map((flow) => flow.flowId)).toEqual(
      allFlowsIn(state.flows).map((flow) => flow.flowId),
    );
    expect(restored.flowIdByBookingId).toEqual(state.flowIdByBookingId);
    expect(restored.flowIdByPaymentId).toEqual(state.flowIdByPaymentId);
    expect(restored.flowIdByDraftKey).toEqual(state.flowIdByDraftKey);
    expect(leavesOf(restored.flows).map((bucket) => bucket.ids.length)).toEqual(
      leavesOf(restored.flows).map((bucket) => Object.keys(bucket.entities).length),
    );
  });

  it('is frozen all the way down, as a reducer’s result is', () => {
    const { state } = linkedFlows(50);

    const restored = restoreFlows(persistFlows(state), silentLogger);

    const objects = objectsIn(restored);
    expect(objects.length).toBeGreaterThan(50 * 4);
    expect(objects.filter((object) => !Object.isFrozen(object))).toEqual([]);
  });

  it('is left unfrozen when the host turned Immer’s auto-freeze off', () => {
    const { state } = linkedFlows(5);
    const persisted = persistFlows(state);
    setAutoFreeze(false);
    try {
      const restored = restoreFlows(persisted, silentLogger);

      expect(Object.isFrozen(restored)).toBe(false);
      expect(Object.isFrozen(allFlowsIn(restored.flows)[0])).toBe(false);
    } finally {
      setAutoFreeze(true);
    }
  });

  it('takes the next action like any other state, leaving itself unchanged', () => {
    const { state, flowIds } = linkedFlows(20);
    const restored = restoreFlows(persistFlows(state), silentLogger);
    const update = { paymentId: 'pay_4', status: 'processing' as const, seq: 2, occurredAt: 1 };

    const after = paymentFlowsReducer(
      restored,
      paymentStatusesReceived({ updates: [update], at: LINKED_T0 }),
    );

    expect(flowByIdIn(after, flowIds[4] ?? '')?.status).toBe('processing');
    expect(flowByIdIn(restored, flowIds[4] ?? '')?.status).toBe('awaitingPayment');
  });

  it('keeps the first of two stored flows with one flowId, and indexes only that one', () => {
    const first = persistedFlow({ status: 'awaitingPayment', bookingId: 'bk_first' });
    const second = persistedFlow({
      flowId: first.flowId,
      status: 'awaitingPayment',
      bookingId: 'bk_second',
    });

    const restored = restoreFlows({ flows: [first, second], retired: {} }, silentLogger);

    expect(allFlowsIn(restored.flows)).toHaveLength(1);
    expect(flowByIdIn(restored, first.flowId)?.bookingId).toBe('bk_first');
    expect(indexEntry(restored.flowIdByBookingId, 'bk_first')).toBe(first.flowId);
    expect(indexEntry(restored.flowIdByBookingId, 'bk_second')).toBeUndefined();
  });

  it('keeps the first of two stored flows with one flowId even when the second was created earlier', () => {
    const first = persistedFlow({
      status: 'awaitingPayment',
      bookingId: 'bk_first',
      createdAt: 2_000,
    });
    const second = persistedFlow({
      flowId: first.flowId,
      status: 'awaitingPayment',
      bookingId: 'bk_second',
      createdAt: 1_000,
    });

    const restored = restoreFlows({ flows: [first, second], retired: {} }, silentLogger);

    expect(allFlowsIn(restored.flows)).toHaveLength(1);
    expect(flowByIdIn(restored, first.flowId)?.bookingId).toBe('bk_first');
    expect(indexEntry(restored.flowIdByBookingId, 'bk_second')).toBeUndefined();
  });

  it('reports stored flows that are null, as any other value not in the expected shape', () => {
    const errors: string[] = [];
    const logger = { ...silentLogger, error: (message: string) => errors.push(message) };

    const restored = restoreFlows(null, logger);

    expect(allFlowsIn(restored.flows)).toEqual([]);
    expect(errors).toEqual([expect.stringContaining('not in the expected shape')]);
  });

  it('keeps the newest entries of a stored history longer than the limit, and takes no other', () => {
    const history = Array.from({ length: HISTORY_LIMIT + 5 }, (_, index) => ({
      at: LINKED_T0 + index,
      from: 'draft' as const,
      to: 'creatingBooking' as const,
      cause: `step ${index}`,
    }));
    const long = persistedFlow({ history });
    const short = persistedFlow({ history: history.slice(0, 2) });

    const restored = restoreFlows({ flows: [long, short] }, silentLogger);

    expect(flowByIdIn(restored, long.flowId)?.history).toEqual(history.slice(-HISTORY_LIMIT));
    expect(flowByIdIn(restored, short.flowId)?.history).toEqual(history.slice(0, 2));
  });
});
