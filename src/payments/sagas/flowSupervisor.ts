import { call, fork, select } from 'typed-redux-saga';
import { flowStarted } from '../paymentFlowsSlice.js';
import { selectFlowById } from '../selectors.js';
import { waitsForOthers } from '../statusMachine.js';
import {
  logRefusals,
  notifyFlowTasks,
  runActionPass,
  signalConnectionChanges,
  signalSubscriptionChanges,
  type ActionPass,
} from './actionPass.js';
import { getDeps } from './deps.js';
import { runFlow, type FlowOutcome } from './flowSaga.js';
import { expireParkedHolds } from './holdExpirySaga.js';
import { getRegistry, type FlowRecord, type FlowRegistry } from './flowRegistry.js';
import { flowsToResume } from './resumeSaga.js';

/** A flow's task: whatever its end, its record goes with it; a flow left waiting is parked. */
function* ownFlow(registry: FlowRegistry, flowId: string, record: FlowRecord) {
  const { logger } = yield* getDeps();
  let outcome: FlowOutcome = 'ended';
  try {
    outcome = yield* runFlow(flowId, record.inbox);
  } catch (error) {
    // runFlow settles every error of the flow's own work; this is a bug in its epilogue.
    logger.error('flow task failed', { flowId, message: String(error) });
  }
  registry.close(flowId);
  const flow = yield* select(selectFlowById, flowId);
  if (outcome === 'waiting' && flow) registry.park(flow);
}

/**
 * One record and one task per flow: a flow never runs twice. A flow that only waits for others
 * gets no task: it is parked, and woken by the action pass when something happens to it.
 */
function* startFlow(registry: FlowRegistry, flowId: string) {
  const { logger } = yield* getDeps();
  if (registry.records.has(flowId)) return;
  const flow = yield* select(selectFlowById, flowId);
  registry.unpark(flowId);
  if (!flow) return;
  if (waitsForOthers(flow)) {
    registry.park(flow);
    return;
  }
  logger.debug(`flow ${flowId} started in ${flow.status}`, { flowId });
  yield* fork(ownFlow, registry, flowId, registry.open(flow));
}

/**
 * Owns every flow's task: resumes the flows already in the store, starts each new one, and
 * feeds them all from one pass per action.
 */
export function* superviseFlows() {
  const { logger } = yield* getDeps();
  const registry = yield* getRegistry();
  // After a restart by `safely`, the old flow tasks were cancelled with it: resume them all.
  registry.records.clear();
  registry.parked.clear();
  registry.holds.clear();
  registry.wakeUps.length = 0;
  yield* fork(expireParkedHolds);
  const saved = yield* call(flowsToResume);
  for (const flowId of saved) yield* startFlow(registry, flowId);
  if (saved.length > 0) {
    logger.debug(
      `resumed ${saved.length} saved flows: ${registry.records.size} running, ${registry.parked.size} waiting for the user or the server`,
    );
  }
  const handlers = [
    notifyFlowTasks(registry, logger),
    signalSubscriptionChanges(registry),
    signalConnectionChanges(registry),
    logRefusals(logger),
  ];
  yield* runActionPass(handlers, function* startFlows(pass: ActionPass) {
    if (flowStarted.match(pass.action)) yield* startFlow(registry, pass.action.payload.flowId);
    for (const flowId of registry.wakeUps.splice(0)) yield* startFlow(registry, flowId);
  });
}
