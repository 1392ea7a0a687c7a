import type { Action } from '@reduxjs/toolkit';
import { REHYDRATE } from 'redux-persist';
import { put, select, take } from 'typed-redux-saga';
import { isApiError } from '../apiError.js';
import { flowTooOldToResume, paymentStatusesReceived } from '../paymentFlowsSlice.js';
import { selectActiveFlows } from '../selectors.js';
import { waitsForOthers } from '../statusMachine.js';
import type { PaymentFlow } from '../types.js';
import { getDeps, IDEMPOTENCY_WINDOW_MS } from './deps.js';
import { callAbortable } from './requests.js';

/**
 * Waits for the REHYDRATE of `key`. Sagas started after it (payments code loaded once the host
 * store has rehydrated) find it done in the state: the payments config wraps the root reducer,
 * so the root's `_persist` is its own.
 */
export function* waitForRehydration(key: string) {
  const done = yield* select(
    (state: { _persist?: { rehydrated?: unknown } }) => state._persist?.rehydrated === true,
  );
  if (done) return;
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

/**
 * Without a socket nothing resyncs a restored flow that only waits (awaitingPayment, a failed
 * attempt): its stored copy may predate a confirm that went out (the write-ahead is not waited
 * for past its timeout). Each is asked once, one after another; an equal seq changes nothing.
 */
export function* resyncRestoredFlows(flows: readonly PaymentFlow[]) {
  const { api, now, realtime, logger } = yield* getDeps();
  if (realtime) return;
  for (const flow of flows) {
    const { paymentId } = flow;
    if (paymentId === undefined || !waitsForOthers(flow)) continue;
    try {
      const snapshot = yield* callAbortable((signal) => api.getPayment(paymentId, signal));
      yield* put(paymentStatusesReceived({ updates: [snapshot], at: now() }));
    } catch (error) {
      // Not asked, nothing learned: the flow stays as restored, and the next one is asked.
      logger.debug('resync of a restored flow failed', {
        flowId: flow.flowId,
        code: isApiError(error) ? error.code : String(error),
      });
    }
  }
}
