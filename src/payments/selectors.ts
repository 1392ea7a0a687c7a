import { createSelector } from '@reduxjs/toolkit';
import { isTerminal } from './statusMachine.js';
import {
  allFlowsIn,
  draftKey,
  flowByIdIn,
  indexEntry,
  type PaymentFlowsState,
} from './flowState.js';
import { initialFlowsState } from './paymentFlowsSlice.js';
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

const selectFlowBuckets = (state: WithPaymentFlows) => selectPaymentFlowsState(state).flows;

/** Every flow, oldest first. O(number of flows): for lists, never for per-action work. */
export const selectAllFlows: (state: WithPaymentFlows) => PaymentFlow[] = createSelector(
  [selectFlowBuckets],
  allFlowsIn,
);

export const selectFlowIds: (state: WithPaymentFlows) => string[] = createSelector(
  [selectAllFlows],
  (flows) => flows.map((flow) => flow.flowId),
);

/** Ids reach us from URLs and storage: only the store's own entries are found. */
export function selectFlowById(state: WithPaymentFlows, flowId: string): PaymentFlow | undefined {
  return flowByIdIn(selectPaymentFlowsState(state), flowId);
}

export function selectFlowByBookingId(
  state: WithPaymentFlows,
  bookingId: string,
): PaymentFlow | undefined {
  const flowId = indexEntry(selectPaymentFlowsState(state).flowIdByBookingId, bookingId);
  return flowId === undefined ? undefined : flowByIdIn(selectPaymentFlowsState(state), flowId);
}

export function selectFlowByPaymentId(
  state: WithPaymentFlows,
  paymentId: string,
): PaymentFlow | undefined {
  const flowId = indexEntry(selectPaymentFlowsState(state).flowIdByPaymentId, paymentId);
  return flowId === undefined ? undefined : flowByIdIn(selectPaymentFlowsState(state), flowId);
}

/** The active flow already started for this draft, if any (what a double click finds). */
export function selectActiveFlowIdForDraft(
  state: WithPaymentFlows,
  draft: BookingDraft,
): string | undefined {
  return indexEntry(selectPaymentFlowsState(state).flowIdByDraftKey, draftKey(draft));
}

export const selectActiveFlows: (state: WithPaymentFlows) => PaymentFlow[] = createSelector(
  [selectAllFlows],
  (flows) => flows.filter((flow) => !isTerminal(flow)),
);

export const selectFlowDiagnostics = (state: WithPaymentFlows) =>
  selectPaymentFlowsState(state).diagnostics;
