import { call as callEffect } from 'redux-saga/effects';
import { call, cancel, delay, flush, fork, put, race, select, take } from 'typed-redux-saga';
import {
  cancelRequested,
  flowCrashed,
  flowsRetired,
  secondFlowFound,
} from '../paymentFlowsSlice.js';
import { selectWatcherCount } from '../socket/connectionSlice.js';
import { selectFlowById } from '../selectors.js';
import { isTerminal, releasesOnEnd } from '../statusMachine.js';
import type { PaymentFlow } from '../types.js';
import { createBooking } from './bookingSaga.js';
import { settleCancel } from './cancelSaga.js';
import { requestBooking } from './requestBooking.js';
import { backoffDelay, getDeps } from './deps.js';
import {
  firstWhere,
  getRegistry,
  statusLeft,
  takeNotice,
  type FlowInbox,
  type FlowNotice,
} from './flowRegistry.js';
import { watchHoldExpiry } from './holdExpirySaga.js';
import { confirmPayment } from './paymentSaga.js';
import { refusedRedirect } from './redirectSaga.js';
import { releaseBooking } from './releaseSaga.js';
import { awaitSettlement, hearsFromServer } from './settlement.js';

/** After a step, the flow is driven on; 'waiting' when nothing is left to do but wait. */
type FlowStep = 'stepped' | 'waiting';

/** How a flow's task ended: its flow is over, or it waits for others and is parked. */
export type FlowOutcome = 'ended' | 'waiting';

/**
 * The one thing the client does for a flow in each status; the reducers move it on. Steps run
 * by `yield*`, not `call`: a step needs no task of its own (a cancel of the flow's task reaches
 * it all the same, and none yields in a `finally`), and the tasks of the steps were ~9% of
 * what creating a flow allocated (16 of 179 KB).
 */
function* stepFlow(flow: PaymentFlow, inbox: FlowInbox) {
  switch (flow.status) {
    case 'draft':
      yield* requestBooking(flow);
      break;
    case 'creatingBooking':
      yield* createBooking(flow.flowId);
      break;
    case 'confirmingPayment':
      yield* confirmPayment(flow.flowId);
      break;
    case 'requiresAction':
      // Restored after a reload, a flow has no URL yet (it is not stored): it asks for it.
      if (flow.nextAction && (yield* call(refusedRedirect, flow.flowId, flow.nextAction.url))) {
        break;
      }
      yield* awaitSettlement(flow, inbox);
      break;
    case 'processing': {
      // Hearing its events, it only waits for the server: parked without a task, and asked
      // about if they stop coming (see recheckParkedPayments).
      const askFirst = (yield* getRegistry()).askNow.delete(flow.flowId);
      if (!askFirst && (yield* hearsFromServer(flow))) return 'waiting' as FlowStep;
      yield* awaitSettlement(flow, inbox, askFirst);
      break;
    }
    case 'reconciling':
      yield* awaitSettlement(flow, inbox);
      break;
    case 'cancelling':
      // A server status that ends the cancel (money moving, say) stops asking for a release.
      // Its watch goes first, so it hears a change the release's own actions make.
      yield* race({
        changed: firstWhere(inbox, statusLeft(flow.status)),
        settled: callEffect(settleCancel, flow),
      });
      break;
    default:
      // awaitingPayment and a retriable failure wait for the user, the server or the hold: the
      // flow is parked without a task until one of them acts (see flowSupervisor).
      return 'waiting' as FlowStep;
  }
  return 'stepped' as FlowStep;
}

/**
 * Drives one flow to a terminal status, or until it only waits for others. Each step is chosen
 * from the stored status, so a flow rehydrated after a reload resumes by the same code. An
 * unexpected error fails a flow that has nothing under way; a payment under way goes to
 * reconciling and this loop goes on settling it.
 */
export function* driveFlow(flowId: string, inbox: FlowInbox) {
  const { logger, now, timings, random } = yield* getDeps();
  for (let crashes = 0, idleSteps = 0; ;) {
    const flow = yield* select(selectFlowById, flowId);
    if (!flow || isTerminal(flow)) return;
    try {
      if ((yield* stepFlow(flow, inbox)) === 'waiting') return;
      crashes = 0;
      // A step that changed nothing (each of its answers was no news, say a server that refuses
      // the release yet reports nothing under way) is run again after a pause: at once, every
      // run is another round of requests, a storm for as long as the server says so.
      idleSteps = (yield* select(selectFlowById, flowId)) === flow ? idleSteps + 1 : 0;
      if (idleSteps > 0) yield* delay(backoffDelay(idleSteps, timings.statusPoll, random));
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

/** The flow's steps and its hold timer, until it is terminal, gone, or waits for others. */
function* untilTerminal(flowId: string, inbox: FlowInbox) {
  const holdTimer = yield* fork(watchHoldExpiry, flowId, inbox);
  yield* driveFlow(flowId, inbox);
  yield* cancel(holdTimer);
}

/**
 * The notice of a cancel, the user's or the resume's of a second flow for a booking draft, having
 * moved the flow to `cancelling`.
 */
const isCancelNotice = ({ action, flow }: FlowNotice): boolean =>
  (cancelRequested.match(action) || secondFlowFound.match(action)) && flow?.status === 'cancelling';

/** Keeps a finished flow visible for the retention time, and while a component shows it. */
export function* retireFlow(flowId: string, inbox: FlowInbox) {
  const { retentionMs } = yield* getDeps();
  const registry = yield* getRegistry();
  yield* delay(retentionMs);
  while ((yield* select(selectWatcherCount, flowId)) > 0) {
    yield* takeNotice(inbox);
    // A view that moves (unmounts here as another mounts on the same flow, in one React commit)
    // unwatches before its successor watches: the count is 0 for a moment while the flow is
    // still shown. Let the commit finish before taking that moment as the last watcher leaving.
    if ((yield* select(selectWatcherCount, flowId)) === 0) yield* delay(0);
  }
  yield* put(registry.retirements, flowId);
}

/**
 * Retires the flows handed over within one batch window with one action: 10,000 flows falling
 * due together are one reducer pass, not 10,000 copies of the store's maps.
 */
export function* retireInBatches() {
  const { now, timings } = yield* getDeps();
  const { retirements } = yield* getRegistry();
  for (;;) {
    const first = yield* take(retirements);
    yield* delay(timings.retirementBatchMs);
    const rest = yield* flush(retirements);
    yield* put(flowsRetired({ flowIds: [first, ...rest], at: now() }));
  }
}

/** The one epilogue of every flow, however it ended: released if it must be, then retired. */
function* endFlow(flowId: string, inbox: FlowInbox) {
  const { logger } = yield* getDeps();
  const flow = yield* select(selectFlowById, flowId);
  if (!flow) return;
  // Its last transition was the info line; this is the task's own end.
  logger.debug(`flow ${flowId} ended ${flow.status}`, { flowId });
  if (releasesOnEnd(flow)) yield* releaseBooking(flowId);
  yield* retireFlow(flowId, inbox);
}

/**
 * A flow's life in its own task, up to its end or until it only waits for others (the user, the
 * server, its hold), when the task returns 'waiting' and the flow is parked. A cancel is a race
 * inside it (redux-saga's RacingEffects pattern): it aborts whatever the flow was doing, a
 * request in flight included, and the flow is driven on from `cancelling`, which only the
 * server's answer ends. Whatever ended the flow, the one epilogue runs.
 */
export function* runFlow(flowId: string, inbox: FlowInbox) {
  for (;;) {
    // The cancel watch goes first: on a cancel it wins the race before the driver, woken by the
    // same notice, can start on the new status, and the driver is then restarted from it.
    const { cancelled } = yield* race({
      cancelled: firstWhere(inbox, isCancelNotice),
      ended: callEffect(untilTerminal, flowId, inbox),
    });
    const flow = yield* select(selectFlowById, flowId);
    if (!flow || isTerminal(flow)) break;
    // The driver stops before the end only on a flow that waits for others.
    if (cancelled === undefined) return 'waiting' as FlowOutcome;
  }
  yield* endFlow(flowId, inbox);
  return 'ended' as FlowOutcome;
}
