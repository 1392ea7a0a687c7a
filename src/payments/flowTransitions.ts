import { isDraft } from '@reduxjs/toolkit';
import { checkTransition, isTerminal, statusFromServer, type FlowStatus } from './statusMachine.js';
import {
  deleteIndexEntry,
  draftKey,
  flowByIdIn,
  indexEntry,
  setIndexEntry,
  type PaymentFlowsState,
} from './flowState.js';
import type { FlowTransition, PaymentFlow, PaymentStatusUpdate } from './types.js';

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

/** Counts and records a move the machine refused; the flow itself is left untouched. */
export function refuseTransition(
  state: PaymentFlowsState,
  flow: PaymentFlow,
  cause: string,
  reason: string,
  at: number,
): void {
  state.diagnostics.illegalTransitions += 1;
  recordWarning(state, flow.flowId, `${cause}: ${reason}`, at);
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
    refuseTransition(state, flow, cause, check.reason, at);
    return false;
  }
  const after = {
    serverSeq: changes.serverSeq ?? flow.serverSeq,
    attempt: changes.attempt ?? flow.attempt,
  };
  appendHistory(flow, { from: flow.status, to, cause, at, ...after });
  updateFlowDetails(state, flow, { ...changes, status: to }, at);
  return true;
}

/**
 * A draft's history is changed in place. A plain copy (a status burst's, see statusBurst.ts)
 * shares its history, frozen, with the flow it replaces: it gets a new one.
 */
function appendHistory(flow: PaymentFlow, entry: FlowTransition): void {
  if (!isDraft(flow)) {
    flow.history = [...flow.history, entry].slice(-HISTORY_LIMIT);
    return;
  }
  flow.history.push(entry);
  if (flow.history.length > HISTORY_LIMIT) flow.history.shift();
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
  // An answer that is no news (the seq and details the flow has) changes nothing, not even
  // `updatedAt`: the flow stays the same object, and the driver sees that its step did nothing.
  const current = flow as Partial<PaymentFlow>;
  const keys = Object.keys(changes) as (keyof PaymentFlow)[];
  if (keys.every((key) => Object.is(current[key], changes[key]))) return;
  Object.assign(flow, changes);
  flow.updatedAt = at;
  if (isTerminal(flow)) releaseDraft(state, flow);
}

function releaseDraft(state: PaymentFlowsState, flow: PaymentFlow): void {
  deleteIndexEntry(state.flowIdByDraftKey, draftKey(flow.booking), flow.flowId);
}

type ServerIds = { bookingId?: string | undefined; paymentId?: string | undefined };

/** A flow's booking and payment never change: an answer naming other ids is not about it. */
export function namesOtherIds(flow: PaymentFlow, ids: ServerIds): boolean {
  return differs(flow.bookingId, ids.bookingId) || differs(flow.paymentId, ids.paymentId);
}

const differs = (mine: string | undefined, theirs: string | undefined) =>
  mine !== undefined && theirs !== undefined && mine !== theirs;

export function linkServerIds(state: PaymentFlowsState, flow: PaymentFlow, ids: ServerIds): void {
  if (ids.bookingId) {
    flow.bookingId = ids.bookingId;
    setIndexEntry(state.flowIdByBookingId, ids.bookingId, flow.flowId);
  }
  if (ids.paymentId) {
    flow.paymentId = ids.paymentId;
    setIndexEntry(state.flowIdByPaymentId, ids.paymentId, flow.flowId);
  }
}

/** Removes every index entry that points at the flow, before the flow itself leaves the store. */
export function unlinkFlow(state: PaymentFlowsState, flow: PaymentFlow): void {
  if (flow.bookingId) deleteIndexEntry(state.flowIdByBookingId, flow.bookingId, flow.flowId);
  if (flow.paymentId) deleteIndexEntry(state.flowIdByPaymentId, flow.paymentId, flow.flowId);
  releaseDraft(state, flow);
}

function isStale(flow: PaymentFlow, update: PaymentStatusUpdate): boolean {
  // A reconciling flow knows nothing, so the server's current snapshot settles it even at equal seq.
  // So does a cancelling one: it left whatever status that seq had (a payment already processing,
  // then reconciling), and only the server's status for it can end the cancel.
  if (
    update.seq === flow.serverSeq &&
    (flow.status === 'reconciling' || flow.status === 'cancelling')
  ) {
    return false;
  }
  return update.seq <= flow.serverSeq;
}

/**
 * A snapshot at the flow's own seq can still carry what the flow lacks: after a reload the
 * 3-D Secure URL is not in storage, and the resync answers with the same seq.
 */
function fillsMissingDetails(flow: PaymentFlow, update: PaymentStatusUpdate): boolean {
  return (
    update.seq === flow.serverSeq &&
    update.status === flow.status &&
    update.status === 'requiresAction' &&
    flow.nextAction === undefined &&
    update.nextAction !== undefined
  );
}

/** The flow a payment is linked to, in the state being changed. */
export function flowOfPayment(
  state: PaymentFlowsState,
  paymentId: string,
): PaymentFlow | undefined {
  const flowId = indexEntry(state.flowIdByPaymentId, paymentId);
  return flowId === undefined ? undefined : flowByIdIn(state, flowId);
}

export function applyStatusUpdate(
  state: PaymentFlowsState,
  update: PaymentStatusUpdate,
  at: number,
  findFlow: (paymentId: string) => PaymentFlow | undefined = (paymentId) =>
    flowOfPayment(state, paymentId),
): void {
  const flow = findFlow(update.paymentId);
  if (!flow) {
    state.diagnostics.unknownUpdatesIgnored += 1;
    return;
  }
  if (namesOtherIds(flow, update)) {
    state.diagnostics.unknownUpdatesIgnored += 1;
    recordWarning(state, flow.flowId, `status for booking ${String(update.bookingId)} ignored`, at);
    return;
  }
  if (isTerminal(flow)) {
    state.diagnostics.staleUpdatesIgnored += 1;
    return;
  }
  if (fillsMissingDetails(flow, update)) {
    updateFlowDetails(state, flow, { nextAction: update.nextAction }, at);
    return;
  }
  if (isStale(flow, update)) {
    state.diagnostics.staleUpdatesIgnored += 1;
    return;
  }
  const repeatsRetriableFailure =
    update.seq === flow.serverSeq && update.failure?.retriable !== false;
  const to = statusFromServer(flow, update.status, repeatsRetriableFailure);
  const details = {
    serverSeq: update.seq,
    error: to === 'failed' ? failureOf(update) : undefined,
    nextAction: to === 'requiresAction' ? update.nextAction : undefined,
  };
  if (flow.status === to) {
    updateFlowDetails(state, flow, details, at);
    return;
  }
  transitionFlow(state, flow, to, 'server', at, details);
}

function failureOf(update: PaymentStatusUpdate) {
  if (update.status === 'awaitingPayment') return { ...attemptsExhausted };
  return update.failure ?? { ...unknownFailure };
}

const unknownFailure = {
  code: 'payment_failed',
  message: 'The payment failed.',
  retriable: true,
};

const attemptsExhausted = {
  code: 'attempts_exhausted',
  message: 'This booking has had as many payment attempts as it may. Please book again.',
  retriable: false,
};
