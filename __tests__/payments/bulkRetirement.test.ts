import { allFlowsIn, type PaymentFlowsState } from '../../src/payments/flowState';
import {
  flowsRetired,
  paymentFlowsReducer,
  paymentStatusesReceived,
} from '../../src/payments/paymentFlowsSlice';
import { LINKED_T0 as T0, linkedFlows } from '../helpers/linkedFlows';
import { breach } from '../helpers/flowStateInvariants';

/** `count` linked flows; the even ones succeeded. */
function halfFinished(count: number): { state: PaymentFlowsState; flowIds: string[] } {
  const { state, flowIds } = linkedFlows(count);
  const updates = flowIds
    .filter((_, index) => index % 2 === 0)
    .map((_, half) => ({
      paymentId: `pay_${half * 2}`,
      status: 'succeeded' as const,
      seq: 2,
      occurredAt: T0,
    }));
  return {
    state: paymentFlowsReducer(state, paymentStatusesReceived({ updates, at: T0 })),
    flowIds,
  };
}

const idsOf = (state: PaymentFlowsState) => allFlowsIn(state.flows).map((flow) => flow.flowId);

describe('retiring many flows in one action (issue 11)', () => {
  test('600 flows named at once: the 300 finished leave, the active stay, every index still agrees', () => {
    const { state, flowIds } = halfFinished(600);
    const named = [...flowIds, 'no-such-flow'];

    const bulk = paymentFlowsReducer(state, flowsRetired({ flowIds: named, at: T0 + 1 }));

    expect(idsOf(bulk)).toEqual(flowIds.filter((_, index) => index % 2 === 1));
    expect(breach(state, bulk)).toBeUndefined();
  });

  test('the state the bulk path rebuilds is frozen, as any reducer result', () => {
    const { state, flowIds } = halfFinished(600);

    const bulk = paymentFlowsReducer(state, flowsRetired({ flowIds, at: T0 + 1 }));

    expect(Object.isFrozen(bulk)).toBe(true);
    expect(Object.isFrozen(bulk.flowIdByBookingId)).toBe(true);
    expect(Object.values(bulk.flows).every((middle) => Object.isFrozen(middle))).toBe(true);
  });

  test('the bulk path ends where retiring the same flows in small batches ends', () => {
    const { state, flowIds } = halfFinished(600);

    const bulk = paymentFlowsReducer(state, flowsRetired({ flowIds, at: T0 + 1 }));
    let batched = state;
    for (let start = 0; start < flowIds.length; start += 100) {
      const batch = flowIds.slice(start, start + 100);
      batched = paymentFlowsReducer(batched, flowsRetired({ flowIds: batch, at: T0 + 1 }));
    }

    expect(idsOf(bulk)).toEqual(idsOf(batched));
    expect(bulk.flowIdByBookingId).toEqual(batched.flowIdByBookingId);
    expect(bulk.flowIdByPaymentId).toEqual(batched.flowIdByPaymentId);
    expect(bulk.flowIdByDraftKey).toEqual(batched.flowIdByDraftKey);
    expect(bulk.diagnostics).toEqual(batched.diagnostics);
  });
});
