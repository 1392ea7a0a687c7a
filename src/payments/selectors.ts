import { createSelector } from '@reduxjs/toolkit';
import { isTerminal } from './statusMachine.js';
import { draftKey, flowByIdIn, ownEntry, type PaymentFlowsState } from './flowState.js';
import { flowsAdapter, initialFlowsState } from './paymentFlowsSlice.js';
import type { BookingDraft, PaymentFlow } from './types.js';

/**
 * Any state that mounts the slice under `paymentFlows`. Optional, as `combineSlices` types a
 * lazily injected slice: until it is injected, every selector sees no flows.
 */
export interface WithPaymentFlows {
  paymentFlows?: PaymentFlowsState;
}

export const selectPaymentFlowsState = (state: WithPaymentFlows): PaymentFlowsState =>
  state.paymentFlows ?? initialFlowsState;

export const { selectAll: selectAllFlows, selectIds: selectFlowIds } =
  flowsAdapter.getSelectors(selectPaymentFlowsState);

/** Ids reach us from URLs and storage: only the store's own entries are found. */
export function selectFlowById(state: WithPaymentFlows, flowId: string): PaymentFlow | undefined {
  return flowByIdIn(selectPaymentFlowsState(state), flowId);
}

export function selectFlowByBookingId(
  state: WithPaymentFlows,
  bookingId: string,
): PaymentFlow | undefined {
  const flowId = ownEntry(selectPaymentFlowsState(state).flowIdByBookingId, bookingId);
  return flowId === undefined ? undefined : flowByIdIn(selectPaymentFlowsState(state), flowId);
}

export function selectFlowByPaymentId(
  state: WithPaymentFlows,
  paymentId: string,
): PaymentFlow | undefined {
  const flowId = ownEntry(selectPaymentFlowsState(state).flowIdByPaymentId, paymentId);
  return flowId === undefined ? undefined : flowByIdIn(selectPaymentFlowsState(state), flowId);
}

/** The active flow already started for this draft, if any (what a double click finds). */
export function selectActiveFlowIdForDraft(
  state: WithPaymentFlows,
  draft: BookingDraft,
): string | undefined {
  return ownEntry(selectPaymentFlowsState(state).flowIdByDraftKey, draftKey(draft));
}

export const selectActiveFlows = createSelector([selectAllFlows], (flows) =>
  flows.filter((flow) => !isTerminal(flow)),
);

export const selectFlowDiagnostics = (state: WithPaymentFlows) =>
  selectPaymentFlowsState(state).diagnostics;
