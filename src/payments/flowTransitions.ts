import { checkTransition, isTerminal, type FlowStatus } from './statusMachine';
import { draftKey, type PaymentFlowsState } from './flowState';
import type { PaymentFlow, PaymentStatusUpdate } from './types';

export const HISTORY_LIMIT = 20;
export const WARNING_LIMIT = 20;

export function recordWarning(
  state: PaymentFlowsState,
  flowId: string,
  message: string,
  at: number,
): void {
  const { warnings } = state.diagnostics;
  warnings.push({ flowId, message, at });
  if (warnings.length > WARNING_LIMIT) warnings.splice(0, warnings.length - WARNING_LIMIT);
}

/**
 * The only way a flow's status changes. An illegal move leaves the flow untouched and is
 * recorded as a warning: a reducer never throws.
 */
export function transitionFlow(
  state: PaymentFlowsState,
  flow: PaymentFlow,
  to: FlowStatus,
  cause: string,
  at: number,
  changes: Partial<PaymentFlow> = {},
): boolean {
  const check = checkTransition(flow, to);
  if (!check.ok) {
    state.diagnostics.illegalTransitions += 1;
    recordWarning(state, flow.flowId, `${cause}: ${check.reason}`, at);
    return false;
  }
  flow.history.push({ from: flow.status, to, cause, at });
  if (flow.history.length > HISTORY_LIMIT) flow.history.shift();
  updateFlowDetails(state, flow, { ...changes, status: to }, at);
  return true;
}

/**
 * Changes a flow without moving its status (a new failure, a new next action). Such a change
 * can still end the flow, e.g. a failure that is not retriable, so the draft is released then.
 */
export function updateFlowDetails(
  state: PaymentFlowsState,
  flow: PaymentFlow,
  changes: Partial<PaymentFlow>,
  at: number,
): void {
  Object.assign(flow, changes);
  flow.updatedAt = at;
  if (isTerminal(flow)) releaseDraft(state, flow);
}

function releaseDraft(state: PaymentFlowsState, flow: PaymentFlow): void {
  const key = draftKey(flow.booking);
  if (state.flowIdByDraftKey[key] === flow.flowId) delete state.flowIdByDraftKey[key];
}

export function linkServerIds(
  state: PaymentFlowsState,
  flow: PaymentFlow,
  ids: { bookingId?: string | undefined; paymentId?: string | undefined },
): void {
  if (ids.bookingId) {
    flow.bookingId = ids.bookingId;
    state.flowIdByBookingId[ids.bookingId] = flow.flowId;
  }
  if (ids.paymentId) {
    flow.paymentId = ids.paymentId;
    state.flowIdByPaymentId[ids.paymentId] = flow.flowId;
  }
}

/** A reconciling flow knows nothing, so the server's current snapshot settles it even at equal seq. */
function isStale(flow: PaymentFlow, seq: number): boolean {
  return seq < flow.serverSeq || (seq === flow.serverSeq && flow.status !== 'reconciling');
}

export function applyStatusUpdate(
  state: PaymentFlowsState,
  update: PaymentStatusUpdate,
  at: number,
): void {
  const flowId = state.flowIdByPaymentId[update.paymentId];
  const flow = flowId === undefined ? undefined : state.entities[flowId];
  if (!flow) {
    state.diagnostics.unknownUpdatesIgnored += 1;
    return;
  }
  if (isTerminal(flow) || isStale(flow, update.seq)) {
    state.diagnostics.staleUpdatesIgnored += 1;
    return;
  }
  const details = {
    serverSeq: update.seq,
    error: update.status === 'failed' ? (update.failure ?? unknownFailure) : undefined,
    nextAction: update.status === 'requiresAction' ? update.nextAction : undefined,
  };
  if (flow.status === update.status) {
    updateFlowDetails(state, flow, details, at);
    return;
  }
  transitionFlow(state, flow, update.status, 'server', at, details);
}

const unknownFailure = {
  code: 'payment_failed',
  message: 'The payment failed.',
  retriable: true,
};
