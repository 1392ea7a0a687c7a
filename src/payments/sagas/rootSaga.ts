import type { Task } from 'redux-saga';
import { call, cancel, fork, put, select, setContext, takeEvery } from 'typed-redux-saga';
import { isCancellable } from '../statusMachine';
import {
  cancelRequested,
  flowCancelled,
  flowCrashed,
  flowStarted,
  paymentStatusesReceived,
} from '../paymentFlowsSlice';
import { selectFlowById } from '../selectors';
import { DEPS_KEY, getDeps, type PaymentsDeps } from './deps';
import { retireFlow, runFlow } from './flowSaga';
import { createFlowWaiters, routeFlowChanges, WAITERS_KEY } from './flowWaiters';
import { releaseBooking } from './releaseSaga';
import { callAbortable } from './requests';
import { redirectOnRequest } from './redirectSaga';
import { flowsToResume, waitForRehydration } from './resumeSaga';
import { realtimeSaga } from '../socket/realtimeSaga';

/** One task per flow, keyed by flowId, so cancel finds it and a flow never runs twice. */
function* superviseFlows() {
  const { logger, now, api } = yield* getDeps();
  const running = new Map<string, Task>();

  /** Isolation: whatever one flow throws fails that flow only. */
  function* isolated(flowId: string) {
    try {
      yield* call(runFlow, flowId);
      yield* call(retireFlow, flowId);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.error('flow crashed', { flowId, message });
      yield* put(flowCrashed({ flowId, message, at: now() }));
    } finally {
      running.delete(flowId);
    }
  }

  function* startFlow(flowId: string) {
    const flow = yield* select(selectFlowById, flowId);
    if (!flow || running.has(flowId)) return;
    logger.info(`flow started ${flow.status}`, { flowId });
    running.set(flowId, yield* fork(isolated, flowId));
  }

  function* cancelFlow(flowId: string) {
    const flow = yield* select(selectFlowById, flowId);
    // The reducer has already recorded why a refused cancel was refused.
    if (!flow || !isCancellable(flow.status)) return;
    const task = running.get(flowId);
    if (task) yield* cancel(task);
    const outcome = yield* call(releaseBooking, flowId, {
      requestWasCancelled: flow.status === 'creatingBooking',
    });
    if (outcome !== 'notCancellable') {
      yield* put(flowCancelled({ flowId, at: now() }));
      return;
    }
    // The server says the payment is already under way (another tab?): adopt its status.
    logger.warn('cancel refused by the server; resyncing', { flowId });
    if (flow.paymentId) {
      const { paymentId } = flow;
      const snapshot = yield* callAbortable((signal) => api.getPayment(paymentId, signal));
      yield* put(paymentStatusesReceived({ updates: [snapshot], at: now() }));
    }
    yield* startFlow(flowId);
  }

  // Delegated, not called: a `call` would wait for every flow task it forks to end.
  for (const flowId of yield* call(flowsToResume)) yield* startFlow(flowId);
  // Every start and every cancel is handled; each flow's own task serializes its work.
  yield* takeEvery(flowStarted, function* onFlowStarted(action) {
    yield* startFlow(action.payload.flowId);
  });
  yield* takeEvery(cancelRequested, function* onCancelRequested(action) {
    try {
      yield* call(cancelFlow, action.payload.flowId);
    } catch (error) {
      logger.error('cancel failed', { flowId: action.payload.flowId, error: String(error) });
    }
  });
}

/** Mount with `sagaMiddleware.run(paymentsSaga, deps)` in a host app's own store. */
export function* paymentsSaga(deps: PaymentsDeps) {
  yield* setContext({ [DEPS_KEY]: deps, [WAITERS_KEY]: createFlowWaiters() });
  // PersistGate only gates the UI: no flow work may start before the saved flows are back.
  if (deps.persistence) yield* call(waitForRehydration, deps.persistence.key);
  if (deps.realtime) yield* fork(realtimeSaga, deps.realtime.socket, deps.realtime.options);
  yield* fork(redirectOnRequest);
  yield* fork(routeFlowChanges);
  yield* call(superviseFlows);
}
