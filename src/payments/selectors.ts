import { createSelector } from '@reduxjs/toolkit';
import { isTerminal } from './statusMachine';
import { draftKey, type PaymentFlowsState } from './flowState';
import { flowsAdapter } from './paymentFlowsSlice';
import type { BookingDraft, PaymentFlow } from './types';

/** Any state that mounts the slice under `paymentFlows`. */
export interface WithPaymentFlows {
  paymentFlows: PaymentFlowsState;
}

export const selectPaymentFlowsState = (state: WithPaymentFlows): PaymentFlowsState =>
  state.paymentFlows;

export const {
  selectAll: selectAllFlows,
  selectById: selectFlowById,
  selectIds: selectFlowIds,
} = flowsAdapter.getSelectors(selectPaymentFlowsState);

export function selectFlowByBookingId(
  state: WithPaymentFlows,
  bookingId: string,
): PaymentFlow | undefined {
  const flowId = state.paymentFlows.flowIdByBookingId[bookingId];
  return flowId === undefined ? undefined : state.paymentFlows.entities[flowId];
}

export function selectFlowByPaymentId(
  state: WithPaymentFlows,
  paymentId: string,
): PaymentFlow | undefined {
  const flowId = state.paymentFlows.flowIdByPaymentId[paymentId];
  return flowId === undefined ? undefined : state.paymentFlows.entities[flowId];
}

/** The active flow already started for this draft, if any (what a double click finds). */
export function selectActiveFlowIdForDraft(
  state: WithPaymentFlows,
  draft: BookingDraft,
): string | undefined {
  return state.paymentFlows.flowIdByDraftKey[draftKey(draft)];
}

export const selectActiveFlows = createSelector([selectAllFlows], (flows) =>
  flows.filter((flow) => !isTerminal(flow)),
);

export const selectFlowDiagnostics = (state: WithPaymentFlows) => state.paymentFlows.diagnostics;
