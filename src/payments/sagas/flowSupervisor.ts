import { call, fork, select } from 'typed-redux-saga';
import { flowStarted } from '../paymentFlowsSlice.js';
import { selectFlowById } from '../selectors.js';
import {
  logRefusals,
  notifyFlowTasks,
  runActionPass,
  signalConnectionChanges,
  signalSubscriptionChanges,
  type ActionPass,
} from './actionPass.js';
import { getDeps } from './deps.js';
import { runFlow } from './flowSaga.js';
import { getRegistry, type FlowRecord, type FlowRegistry } from './flowRegistry.js';
import { flowsToResume } from './resumeSaga.js';

/** A flow's task: whatever its end, its record goes with it. */
function* ownFlow(registry: FlowRegistry, flowId: string, record: FlowRecord) {
  const { logger } = yield* getDeps();
  try {
    yield* call(runFlow, flowId, record.inbox);
  } catch (error) {
    // runFlow settles every error of the flow's own work; this is a bug in its epilogue.
    logger.error('flow task failed', { flowId, message: String(error) });
  }
  registry.close(flowId);
}

/** One record and one task per flow: a flow never runs twice. */
function* startFlow(registry: FlowRegistry, flowId: string) {
  const { logger } = yield* getDeps();
  if (registry.records.has(flowId)) return;
  const flow = yield* select(selectFlowById, flowId);
  if (!flow) return;
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
  for (const flowId of yield* call(flowsToResume)) yield* startFlow(registry, flowId);
  const handlers = [
    notifyFlowTasks(registry, logger),
    signalSubscriptionChanges(registry),
    signalConnectionChanges(registry),
    logRefusals(logger),
  ];
  yield* runActionPass(handlers, function* startNewFlow(pass: ActionPass) {
    if (flowStarted.match(pass.action)) yield* startFlow(registry, pass.action.payload.flowId);
  });
}
