import { createNextState } from '@reduxjs/toolkit';
import { allFlowsIn, type PaymentFlowsState } from '../../src/payments/flowState';
import {
  bookingCreated,
  bookingRequested,
  flowsRetired,
  flowStarted,
  initialFlowsState,
  paymentFlowsReducer,
  paymentStatusesReceived,
} from '../../src/payments/paymentFlowsSlice';
import { breach } from '../helpers/flowStateInvariants';

const T0 = Date.UTC(2030, 0, 1);

/** `count` linked flows; the even ones succeeded. */
function halfFinished(count: number): { state: PaymentFlowsState; flowIds: string[] } {
  const flowIds: string[] = [];
  const state = createNextState(initialFlowsState, (draft) => {
    for (let index = 0; index < count; index += 1) {
      const started = flowStarted(
        {
          resourceId: `room-${index}`,
          start: T0 + index * 3_600_000,
          durationMinutes: 60,
          bookingType: 'FIRM',
        },
        T0 + index,
      );
      const { flowId } = started.payload;
      flowIds.push(flowId);
      paymentFlowsReducer(draft, started);
      paymentFlowsReducer(draft, bookingRequested({ flowId, at: T0 }));
      paymentFlowsReducer(
        draft,
        bookingCreated({
          flowId,
          at: T0,
          bookingId: `bk_${index}`,
          payment: { paymentId: `pay_${index}`, seq: 1 },
        }),
      );
    }
    const updates = flowIds
      .filter((_, index) => index % 2 === 0)
      .map((_, half) => ({
        paymentId: `pay_${half * 2}`,
        status: 'succeeded' as const,
        seq: 2,
        occurredAt: T0,
      }));
    paymentFlowsReducer(draft, paymentStatusesReceived({ updates, at: T0 }));
  });
  return { state, flowIds };
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
