import { REHYDRATE } from 'redux-persist';
import { cancel, fork, select } from 'typed-redux-saga';
import { drivingLost, drivingTaken, flowsMirrored, flowStarted } from '../paymentFlowsSlice.js';
import { flowIdInPayload, mirroredFlowIds } from '../flowChanges.js';
import { flowByIdIn } from '../flowState.js';
import { selectActiveFlows, selectAllFlows, selectFlowById } from '../selectors.js';
import { isTerminal, waitsForOthers, waitsForServer } from '../statusMachine.js';
import type { PaymentFlow } from '../types.js';
import {
  endPurgedFlows,
  logRefusals,
  notifyFlowTasks,
  runActionPass,
  selectPassState,
  signalConnectionChanges,
  signalSubscriptionChanges,
  type ActionPass,
  type PassHandler,
} from './actionPass.js';
import { followFlow, passOnResumedCancels, tabHandlers } from './sharedTabs.js';
import { backoffDelay, getDeps, type PaymentsDeps } from './deps.js';
import { runFlow, type FlowOutcome } from './flowSaga.js';
import { dueDeadlines, expireParkedHolds } from './holdExpirySaga.js';
import { hearsFromServer, hearsFromServerNow } from './settlement.js';
import { getRegistry, type FlowRecord, type FlowRegistry } from './flowRegistry.js';
import {
  flowsToResume,
  putSecondFlowsFound,
  resyncRestoredFlows,
  secondFlowToCancel,
  type SecondFlow,
} from './resumeSaga.js';

/**
 * A flow's task: whatever its end, its record goes with it; a flow left waiting is parked, and
 * an ended one is let go (another tab waiting for its lock then finds it ended).
 */
function* ownFlow(registry: FlowRegistry, flowId: string, record: FlowRecord) {
  const { logger } = yield* getDeps();
  let outcome: FlowOutcome = 'ended';
  try {
    outcome = yield* runFlow(flowId, record.inbox);
  } catch (error) {
    // runFlow settles every error of the flow's own work; this is a bug in its epilogue.
    logger.error('flow task failed', { flowId, message: String(error) });
  } finally {
    // Also when this tab stops driving the flow (its lease was taken) and the task is cancelled.
    registry.close(flowId);
  }
  const flow = yield* select(selectFlowById, flowId);
  if (outcome === 'waiting' && flow) parkFlow(registry, flow, yield* getDeps());
  else registry.letGo(flowId);
}

type ParkDeps = Pick<PaymentsDeps, 'now' | 'timings' | 'random'>;

/**
 * Parks a flow that waits for others. One that waits for its payment's events is asked about
 * after a quiet period if none has come, as its task would have (`recheckParkedPayments`).
 */
function parkFlow(registry: FlowRegistry, flow: PaymentFlow, deps: ParkDeps): void {
  if (!waitsForServer(flow)) {
    registry.park(flow);
    return;
  }
  const at = deps.now();
  registry.parkUntilAsked(flow, at + backoffDelay(1, deps.timings.quietRecheck, deps.random), at);
}

/**
 * Whether a flow waits for others only, and so needs no task: 'ifHeard' when that holds only
 * while the server sends its events (`hearsFromServer`).
 */
function waitsWithoutTask(registry: FlowRegistry, flow: PaymentFlow): boolean | 'ifHeard' {
  if (waitsForOthers(flow)) return true;
  if (!waitsForServer(flow) || registry.askNow.has(flow.flowId)) return false;
  return 'ifHeard';
}

/**
 * Each parked flow waiting for its payment that heard nothing for a quiet period gets a task
 * again, which asks the server at once (an event lost while the socket stayed up must not
 * strand a payment), then goes on as any task waiting for its payment.
 */
function* recheckParkedPayments(registry: FlowRegistry) {
  for (;;) {
    for (const { flowId, at } of yield* dueDeadlines(registry.rechecks, registry.rechecksChanged)) {
      if (registry.recheckAt.get(flowId) !== at) continue;
      registry.unpark(flowId);
      registry.askNow.add(flowId);
      yield* startFlow(registry, flowId);
    }
  }
}

/**
 * One record and one task per flow: a flow never runs twice. A flow that only waits for others
 * gets no task: it is parked, and woken by the action pass when something happens to it. With
 * other tabs, only the tab holding a flow's lock runs it; the others follow it.
 */
function* startFlow(registry: FlowRegistry, flowId: string) {
  const deps = yield* getDeps();
  const { logger, tabs } = deps;
  if (registry.records.has(flowId)) return;
  const flow = yield* select(selectFlowById, flowId);
  registry.unpark(flowId);
  if (!flow) {
    registry.askNow.delete(flowId);
    registry.letGo(flowId);
    return;
  }
  if (tabs && !registry.driving.has(flowId)) {
    yield* followFlow(registry, tabs.coordination.locks, flow);
    return;
  }
  const waits = waitsWithoutTask(registry, flow);
  if (waits === true || (waits === 'ifHeard' && (yield* hearsFromServer(flow)))) {
    parkFlow(registry, flow, deps);
    return;
  }
  logger.debug(`flow ${flowId} started in ${flow.status}`, { flowId });
  const record = registry.open(flow);
  record.task = yield* fork(ownFlow, registry, flowId, record);
}

/**
 * Parked flows an action changed, as `startFlow` would start each: those that only wait again
 * (a payment moved to processing, heard over the socket) are parked again from one read of the
 * state, with no saga effect each; the others are started one by one. A burst that moves
 * 10,000 flows paid ~6 effects for each.
 */
function* restartWoken(registry: FlowRegistry, flowIds: readonly string[]) {
  if (flowIds.length === 0) return;
  const deps = yield* getDeps();
  const { paymentFlows, connection } = yield* select(selectPassState);
  const realtime = deps.realtime !== undefined;
  // Decided for every flow before any is started, so nothing runs between the read and the
  // decisions: one read holds for them all.
  const toStart = flowIds.filter((flowId) => {
    if (registry.records.has(flowId)) return false;
    const flow = flowByIdIn(paymentFlows, flowId);
    if (!flow || (deps.tabs && !registry.driving.has(flowId))) return true;
    const waits = waitsWithoutTask(registry, flow);
    const heard = () =>
      hearsFromServerNow(flow, realtime, registry.refusedBookings, connection.status);
    if (waits !== true && (waits !== 'ifHeard' || !heard())) return true;
    registry.unpark(flowId);
    parkFlow(registry, flow, deps);
    return false;
  });
  for (const flowId of toStart) yield* startFlow(registry, flowId);
}

/** This tab now holds the flow's lock: it drives the flow from the status it has. */
function* takeOver(registry: FlowRegistry, flowId: string) {
  const { logger } = yield* getDeps();
  const flow = yield* select(selectFlowById, flowId);
  if (flow && !isTerminal(flow)) {
    registry.followed.delete(flowId);
    registry.driving.add(flowId);
    logger.info(`flow ${flowId}: driven by this tab from ${flow.status}`, { flowId });
  } else {
    // It ended, or left, in the tab that drove it: nothing to drive, only a copy to let go.
    registry.letGo(flowId);
  }
  yield* startFlow(registry, flowId);
}

/** Another tab took the flow's lease while this one stalled: its task stops, the flow is followed. */
function* stopDriving(registry: FlowRegistry, flowId: string) {
  const { logger } = yield* getDeps();
  const task = registry.records.get(flowId)?.task;
  registry.lockReleases.delete(flowId);
  registry.driving.delete(flowId);
  registry.unpark(flowId);
  if (task) yield* cancel(task);
  logger.warn(`flow ${flowId}: another tab drives it now`, { flowId });
  yield* startFlow(registry, flowId);
}

/**
 * Resumes flows restored from storage (`flowsToResume`): most only wait, and parking one takes
 * no saga effect, so 1,000 resume at once. Without a socket, those that wait are asked about
 * once; with one, the subscription their bookings get carries their status. The flows resumed.
 */
function* resumeRestored(
  registry: FlowRegistry,
  flows: readonly PaymentFlow[],
  restoredIds: readonly string[],
) {
  const { tabs, now } = yield* getDeps();
  const { resumed, secondFlows } = yield* flowsToResume(flows, restoredIds);
  for (const flow of resumed) {
    if (!tabs && waitsForOthers(flow)) registry.park(flow);
    else yield* startFlow(registry, flow.flowId);
  }
  if (tabs) {
    passOnResumedCancels(registry, tabs.coordination.channel, resumed, secondFlows, now());
  }
  if (resumed.length > 0) yield* fork(resyncRestoredFlows, resumed);
  return resumed;
}

/**
 * The second flows for a booking draft that an action moved to a status the rules cancel: the
 * resume left them to settle while their payment might be moving, and it stopped without
 * succeeding (a failure that can be retried, a 3-D Secure step). Left beside the draft's flow,
 * or after it ended, each would wait for a user who is shown the other flow, hold its booking
 * until the hold ran out, and could still be paid. What a REHYDRATE brings is the resume's to
 * cancel; a flow another tab drives, that tab's.
 */
function secondFlowsStoppedSettling(
  registry: FlowRegistry,
  { action, touched, previous, state }: ActionPass,
): SecondFlow[] {
  if (action.type === REHYDRATE) return [];
  return touched.flatMap(({ flowId, flow }) => {
    if (flow === undefined || registry.followed.has(flowId)) return [];
    // Nearly every flow is its draft's flow: the state before is read only for a second one.
    const second = secondFlowToCancel(state.paymentFlows, flow, registry.settlingBeside);
    if (second.length === 0) return [];
    return flow.status === flowByIdIn(previous.paymentFlows, flowId)?.status ? [] : second;
  });
}

/**
 * Owns every flow's task: resumes the flows already in the store, starts each new one, and
 * feeds them all from one pass per action.
 */
export function* superviseFlows() {
  const { logger, tabs } = yield* getDeps();
  const registry = yield* getRegistry();
  // After a restart by `safely`, the old flow tasks were cancelled with it: resume them all.
  registry.records.clear();
  registry.parked.clear();
  registry.holds.clear();
  registry.rechecks.clear();
  registry.recheckAt.clear();
  registry.askNow.clear();
  registry.wakeUps.length = 0;
  try {
    yield* fork(expireParkedHolds);
    yield* fork(recheckParkedPayments, registry);
    const active = yield* select(selectActiveFlows);
    // By delegation: the tasks it starts belong to this saga, which a `call` would wait for.
    const saved = yield* resumeRestored(
      registry,
      active,
      active.map((flow) => flow.flowId),
    );
    // After a restart, finished flows whose epilogue was cut short: release and retire them.
    for (const flow of yield* select(selectAllFlows)) {
      if (isTerminal(flow) && !registry.knows(flow.flowId)) yield* startFlow(registry, flow.flowId);
    }
    if (saved.length > 0) {
      logger.debug(
        `resumed ${saved.length} saved flows: ${registry.records.size} running, ${registry.parked.size} waiting for the user or the server`,
      );
    }
    const handlers: PassHandler[] = [
      notifyFlowTasks(registry, logger),
      endPurgedFlows(registry),
      signalSubscriptionChanges(registry),
      signalConnectionChanges(registry),
      logRefusals(logger),
    ];
    if (tabs) handlers.push(...tabHandlers(registry, tabs.coordination.channel));
    yield* runActionPass(handlers, function* startFlows(pass: ActionPass) {
      const { action, previous, state, touched } = pass;
      // Read through the pass's own checks: a malformed payload (a host's dispatch, which the
      // reducer refused) names no flow, and must not stop this saga.
      const flowId = flowIdInPayload(action);
      if (flowStarted.match(action) && flowId !== undefined) {
        if (tabs) registry.startedHere.add(flowId);
        yield* startFlow(registry, flowId);
      }
      // A late REHYDRATE (a second persist, a DevTools dispatch) may bring flows never seen
      // here: each is resumed as the saved flows were. Those it changed were woken above. The
      // resume runs in a task of its own so that this pass hears what it dispatches (a too-old
      // flow settled, a second flow for a booking draft cancelled) as it hears the user's.
      if (action.type === REHYDRATE) {
        const brought = touched.flatMap(({ flowId: restored, flow }) =>
          flow && !registry.knows(restored) ? [flow] : [],
        );
        yield* fork(
          resumeRestored,
          registry,
          brought,
          touched.map(({ flowId: restored }) => restored),
        );
      }
      // In a task of its own, as the resume: this pass hears the cancels it puts.
      const stoppedSettling = secondFlowsStoppedSettling(registry, pass);
      if (stoppedSettling.length > 0) yield* fork(putSecondFlowsFound, stoppedSettling);
      // A flow first heard of from another tab: this tab follows it from now on.
      if (flowsMirrored.match(action)) {
        for (const mirrored of mirroredFlowIds(action)) {
          if (!registry.knows(mirrored)) yield* startFlow(registry, mirrored);
        }
      }
      if (drivingTaken.match(action) && flowId !== undefined) yield* takeOver(registry, flowId);
      if (drivingLost.match(action) && flowId !== undefined) yield* stopDriving(registry, flowId);
      // The socket went down: the flows parked while hearing their payment's events poll now.
      if (previous.connection.status === 'connected' && state.connection.status !== 'connected') {
        for (const [parkedId, seen] of registry.parked) {
          if (waitsForServer(seen)) registry.wakeUps.push(parkedId);
        }
      }
      yield* restartWoken(registry, registry.wakeUps.splice(0));
    });
  } finally {
    // Stopped (the store's close(), a restart): no flow stays locked by a tab that drives nothing.
    for (const flowId of [...registry.lockReleases.keys()]) registry.letGo(flowId);
  }
}
