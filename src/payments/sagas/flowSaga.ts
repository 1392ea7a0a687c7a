import { call, cancel, delay, fork, put, race, select } from 'typed-redux-saga';
import { bookingRequested, cancelRequested, flowCrashed, flowRetired } from '../paymentFlowsSlice';
import { selectWatcherCount } from '../socket/connectionSlice';
import { selectFlowById } from '../selectors';
import { canCancel, isTerminal, releasesOnEnd } from '../statusMachine';
import type { PaymentFlow } from '../types';
import { createBooking } from './bookingSaga';
import { cancelFlow } from './cancelSaga';
import { backoffDelay, getDeps } from './deps';
import { takeNotice, waitForStatusChange, type FlowInbox } from './flowRegistry';
import { watchHoldExpiry } from './holdExpirySaga';
import { confirmPayment } from './paymentSaga';
import { releaseBooking } from './releaseSaga';
import { awaitSettlement } from './settlement';

/** The one thing the client does for a flow in each status; the reducers move it on. */
function* stepFlow(flow: PaymentFlow, inbox: FlowInbox) {
  const { now } = yield* getDeps();
  switch (flow.status) {
    case 'draft':
      yield* put(bookingRequested({ flowId: flow.flowId, at: now() }));
      return;
    case 'creatingBooking':
      yield* call(createBooking, flow.flowId);
      return;
    case 'confirmingPayment':
      yield* call(confirmPayment, flow.flowId);
      return;
    case 'requiresAction':
    case 'processing':
    case 'reconciling':
      yield* call(awaitSettlement, flow, inbox);
      return;
    default:
      // awaitingPayment and a retriable failure wait for the user (or the server, or the hold).
      yield* call(waitForStatusChange, flow, inbox);
  }
}

/**
 * Drives one flow to a terminal status. Each step is chosen from the stored status, so a flow
 * rehydrated after a reload resumes by the same code. An unexpected error fails a flow that has
 * nothing under way; a payment under way goes to reconciling and this loop goes on settling it.
 */
export function* driveFlow(flowId: string, inbox: FlowInbox) {
  const { logger, now, timings, random } = yield* getDeps();
  for (let crashes = 0; ;) {
    const flow = yield* select(selectFlowById, flowId);
    if (!flow || isTerminal(flow)) return;
    try {
      yield* call(stepFlow, flow, inbox);
      crashes = 0;
    } catch (error) {
      crashes += 1;
      const message = error instanceof Error ? error.message : String(error);
      logger.error('flow crashed', { flowId, message });
      yield* put(flowCrashed({ flowId, message, at: now() }));
      const after = yield* select(selectFlowById, flowId);
      if (after && !isTerminal(after))
        yield* delay(backoffDelay(crashes, timings.statusPoll, random));
    }
  }
}

/** The flow's steps and its hold timer, until it is terminal or gone. */
function* untilTerminal(flowId: string, inbox: FlowInbox) {
  const holdTimer = yield* fork(watchHoldExpiry, flowId, inbox);
  yield* call(driveFlow, flowId, inbox);
  yield* cancel(holdTimer);
}

/** Resolves with the flow as it was when the user asked to cancel it, if cancelling was allowed. */
function* waitForCancel(inbox: FlowInbox) {
  for (;;) {
    const { action, flow } = yield* takeNotice(inbox);
    if (flow && cancelRequested.match(action) && canCancel(flow)) return flow;
  }
}

/** Keeps a finished flow visible for the retention time, and while a component shows it. */
function* retireFlow(flowId: string, inbox: FlowInbox) {
  const { retentionMs, now } = yield* getDeps();
  yield* delay(retentionMs);
  while ((yield* select(selectWatcherCount, flowId)) > 0) yield* takeNotice(inbox);
  yield* put(flowRetired({ flowId, at: now() }));
}

/** The one epilogue of every flow, however it ended: released if it must be, then retired. */
function* endFlow(flowId: string, inbox: FlowInbox) {
  const { logger } = yield* getDeps();
  const flow = yield* select(selectFlowById, flowId);
  if (!flow) return;
  logger.info(`flow ended ${flow.status}`, { flowId });
  if (releasesOnEnd(flow)) yield* call(releaseBooking, flowId);
  yield* call(retireFlow, flowId, inbox);
}

/**
 * A flow's whole life, in its own task. Cancellation is a race inside it (redux-saga's
 * RacingEffects pattern): the cancel aborts whatever the flow was doing, including a request in
 * flight. A cancel the server refuses leaves the flow going, so the loop ends only once the
 * flow is terminal; then the one epilogue runs, whatever ended it.
 */
export function* runFlow(flowId: string, inbox: FlowInbox) {
  const { logger } = yield* getDeps();
  for (;;) {
    const { cancelled } = yield* race({
      ended: call(untilTerminal, flowId, inbox),
      cancelled: call(waitForCancel, inbox),
    });
    try {
      if (cancelled) yield* call(cancelFlow, cancelled);
    } catch (error) {
      // Whatever the cancel left undone, the flow is driven on from its stored status.
      logger.error('cancel failed; the flow goes on', { flowId, message: String(error) });
    }
    const flow = yield* select(selectFlowById, flowId);
    if (!flow || isTerminal(flow)) break;
  }
  yield* call(endFlow, flowId, inbox);
}
