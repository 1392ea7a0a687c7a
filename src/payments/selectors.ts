import { createSelector } from '@reduxjs/toolkit';
import { isTerminal } from './statusMachine';
import { draftKey, flowByIdIn, ownEntry, type PaymentFlowsState } from './flowState';
import { flowsAdapter } from './paymentFlowsSlice';
import type { BookingDraft, PaymentFlow } from './types';

/** Any state that mounts the slice under `paymentFlows`. */
export interface WithPaymentFlows {
  paymentFlows: PaymentFlowsState;
}

export const selectPaymentFlowsState = (state: WithPaymentFlows): PaymentFlowsState =>
  state.paymentFlows;

export const { selectAll: selectAllFlows, selectIds: selectFlowIds } =
  flowsAdapter.getSelectors(selectPaymentFlowsState);

/** Ids reach us from URLs and storage: only the store's own entries are found. */
export function selectFlowById(state: WithPaymentFlows, flowId: string): PaymentFlow | undefined {
  return flowByIdIn(state.paymentFlows, flowId);
}

export function selectFlowByBookingId(
  state: WithPaymentFlows,
  bookingId: string,
): PaymentFlow | undefined {
  const flowId = ownEntry(state.paymentFlows.flowIdByBookingId, bookingId);
  return flowId === undefined ? undefined : flowByIdIn(state.paymentFlows, flowId);
}

export function selectFlowByPaymentId(
  state: WithPaymentFlows,
  paymentId: string,
): PaymentFlow | undefined {
  const flowId = ownEntry(state.paymentFlows.flowIdByPaymentId, paymentId);
  return flowId === undefined ? undefined : flowByIdIn(state.paymentFlows, flowId);
}

/** The active flow already started for this draft, if any (what a double click finds). */
export function selectActiveFlowIdForDraft(
  state: WithPaymentFlows,
  draft: BookingDraft,
): string | undefined {
  return ownEntry(state.paymentFlows.flowIdByDraftKey, draftKey(draft));
}

export const selectActiveFlows = createSelector([selectAllFlows], (flows) =>
  flows.filter((flow) => !isTerminal(flow)),
);

export const selectFlowDiagnostics = (state: WithPaymentFlows) => state.paymentFlows.diagnostics;
