import type { Action } from '@reduxjs/toolkit';
import { REHYDRATE } from 'redux-persist';
import { put, select, take } from 'typed-redux-saga';
import { flowTooOldToResume } from '../paymentFlowsSlice.js';
import { selectActiveFlows } from '../selectors.js';
import { getDeps, IDEMPOTENCY_WINDOW_MS } from './deps.js';

export function* waitForRehydration(key: string) {
  yield* take(
    (action: Action) => action.type === REHYDRATE && (action as { key?: string }).key === key,
  );
}

/**
 * The flows already in the store when the sagas start (rehydrated after a reload), to be
 * resumed: each from its stored status, with the same idempotency keys, so nothing is booked or
 * charged twice. One older than the idempotency window is settled first, never re-sent.
 */
export function* flowsToResume() {
  const { now, logger } = yield* getDeps();
  const flows = yield* select(selectActiveFlows);
  if (flows.length > 0) logger.info(`resuming ${flows.length} saved flows`);
  const tooOld = flows.filter((flow) => now() - flow.createdAt > IDEMPOTENCY_WINDOW_MS);
  for (const flow of tooOld) {
    yield* put(flowTooOldToResume({ flowId: flow.flowId, at: now() }));
  }
  return tooOld.length === 0 ? flows : yield* select(selectActiveFlows);
}
