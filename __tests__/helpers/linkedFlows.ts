import { createNextState } from '@reduxjs/toolkit';
import type { PaymentFlowsState } from '../../src/payments/flowState';
import {
  bookingCreated,
  bookingRequested,
  flowStarted,
  initialFlowsState,
  paymentFlowsReducer,
} from '../../src/payments/paymentFlowsSlice';

export const LINKED_T0 = Date.UTC(2030, 0, 1);

/**
 * `count` flows awaiting payment, built by the reducer in one draft: flow i is linked to
 * `bk_<i>` / `pay_<i>` (seq 1), for room `room-<i>`, created at LINKED_T0 + i.
 */
export function linkedFlows(count: number): { state: PaymentFlowsState; flowIds: string[] } {
  const flowIds: string[] = [];
  const state = createNextState(initialFlowsState, (draft) => {
    for (let index = 0; index < count; index += 1) {
      const booking = {
        resourceId: `room-${index}`,
        start: LINKED_T0 + index * 3_600_000,
        durationMinutes: 60,
        bookingType: 'FIRM' as const,
      };
      const started = flowStarted(booking, LINKED_T0 + index);
      const { flowId } = started.payload;
      flowIds.push(flowId);
      paymentFlowsReducer(draft, started);
      paymentFlowsReducer(draft, bookingRequested({ flowId, at: LINKED_T0 }));
      paymentFlowsReducer(
        draft,
        bookingCreated({
          flowId,
          at: LINKED_T0,
          bookingId: `bk_${index}`,
          payment: { paymentId: `pay_${index}`, seq: 1 },
        }),
      );
    }
  });
  return { state, flowIds };
}
