import type { Action } from '@reduxjs/toolkit';
import { REHYDRATE } from 'redux-persist';
import { call, put, select, take } from 'typed-redux-saga';
import { flowTooOldToResume } from '../paymentFlowsSlice';
import { selectActiveFlows } from '../selectors';
import { getDeps, IDEMPOTENCY_WINDOW_MS } from './deps';

export function* waitForRehydration(key: string) {
  yield* take(
    (action: Action) => action.type === REHYDRATE && (action as { key?: string }).key === key,
  );
}

/**
 * Starts the work of every flow already in the store (rehydrated after a reload): each resumes
 * from its stored status, with the same idempotency keys, so nothing is booked or charged twice.
 */
export function* resumeFlows(startFlow: (flowId: string) => Generator) {
  const { now, logger } = yield* getDeps();
  const flows = yield* select(selectActiveFlows);
  if (flows.length > 0) logger.info(`resuming ${flows.length} saved flows`);
  for (const flow of flows) {
    if (now() - flow.createdAt > IDEMPOTENCY_WINDOW_MS) {
      yield* put(flowTooOldToResume({ flowId: flow.flowId, at: now() }));
    }
    yield* call(startFlow, flow.flowId);
  }
}
