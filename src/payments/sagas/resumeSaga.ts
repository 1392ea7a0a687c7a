import type { Action } from '@reduxjs/toolkit';
import { REHYDRATE } from 'redux-persist';
import { put, select, take } from 'typed-redux-saga';
import { isApiError } from '../apiError.js';
import {
  flowTooOldToResume,
  paymentStatusesReceived,
  secondFlowFound,
} from '../paymentFlowsSlice.js';
import {
  draftFlowBeside,
  flowByIdIn,
  indexedFlowIds,
  outlivedDraftFlow,
  type PaymentFlowsState,
} from '../flowState.js';
import { selectPaymentFlowsState } from '../selectors.js';
import { isTerminal, onSecondFlowFound, waitsForOthers } from '../statusMachine.js';
import type { PaymentFlow } from '../types.js';
import { getDeps, IDEMPOTENCY_WINDOW_MS } from './deps.js';
import { getRegistry } from './flowRegistry.js';
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
 * Readies restored flows to be resumed: each from its stored status, with the same idempotency
 * keys, so nothing is booked or charged twice. One older than the idempotency window is settled
 * first, never re-sent; a second flow for a booking draft among `restoredIds` (these flows and
 * any the restore displaced) is cancelled. The flows as they are now, to start, and the second
 * flows cancelled.
 */
export function* flowsToResume(flows: readonly PaymentFlow[], restoredIds: readonly string[]) {
  const { now, logger } = yield* getDeps();
  if (flows.length > 0) logger.info(`resuming ${flows.length} saved flows`);
  const tooOld = flows.filter(
    (flow) => !isTerminal(flow) && now() - flow.createdAt > IDEMPOTENCY_WINDOW_MS,
  );
  for (const flow of tooOld) {
    yield* put(flowTooOldToResume({ flowId: flow.flowId, at: now() }));
  }
  const secondFlows = yield* cancelSecondFlows(restoredIds);
  if (tooOld.length === 0 && secondFlows.length === 0) return { resumed: flows, secondFlows };
  const state = yield* select(selectPaymentFlowsState);
  return { resumed: flows.flatMap((flow) => flowByIdIn(state, flow.flowId) ?? []), secondFlows };
}

/**
 * Cancels each of these flows that is active beside its booking draft's own flow: two tabs each
 * confirmed the draft before either saw the other, and the restore kept both (`restoreFlows`).
 * The draft's flow goes on; the other's booking is released, and only the server's answer ends
 * it (a payment found under way is followed to its end). One whose payment may be moving
 * (confirming, processing) cannot be cancelled: it is left to settle, and the draft's flow it is
 * beside is remembered (the supervisor cancels it if it stops without succeeding, even once the
 * draft's flow has ended). The flows cancelled.
 */
export function* cancelSecondFlows(flowIds: readonly string[]) {
  if (flowIds.length === 0) return [];
  const { settlingBeside } = yield* getRegistry();
  // One read of the state for them all: at a reload, these are every flow resumed. Nearly all
  // are their draft's flow: one walk of the draft index finds them (looking up each flow and
  // its draft cost ~3 ms of a reload at 1,000 flows).
  const state = yield* select(selectPaymentFlowsState);
  const draftFlows = indexedFlowIds(state.flowIdByDraftKey);
  const seconds = flowIds.flatMap((flowId) => {
    if (draftFlows.has(flowId)) return [];
    const flow = flowByIdIn(state, flowId);
    if (flow === undefined || isTerminal(flow)) return [];
    const draftFlowId = draftFlowBeside(state, flow);
    if (draftFlowId === undefined) return [];
    if (onSecondFlowFound(flow) !== undefined) return [{ flowId, draftFlowId }];
    settlingBeside.set(flowId, draftFlowId);
    return [];
  });
  yield* putSecondFlowsFound(seconds);
  return seconds;
}

/** A second flow for a booking draft, and the draft's own flow it was found beside. */
export interface SecondFlow {
  flowId: string;
  draftFlowId: string;
}

/**
 * `flow`, if it is a second flow for its booking draft that the status rules cancel: beside the
 * flow the draft index names, or beside the one it was left to settle beside (`settlingBeside`),
 * which has ended since. However that flow ended, the second is cancelled (`onSecondFlowFound`).
 */
export function secondFlowToCancel(
  state: PaymentFlowsState,
  flow: PaymentFlow,
  settlingBeside: ReadonlyMap<string, string>,
): SecondFlow[] {
  if (onSecondFlowFound(flow) === undefined) return [];
  const settledBeside = settlingBeside.get(flow.flowId);
  const draftFlowId =
    draftFlowBeside(state, flow) ??
    (settledBeside !== undefined && outlivedDraftFlow(state, flow, settledBeside)
      ? settledBeside
      : undefined);
  return draftFlowId === undefined ? [] : [{ flowId: flow.flowId, draftFlowId }];
}

/** Cancels these second flows (`secondFlowFound`), each with a warning naming both flows. */
export function* putSecondFlowsFound(seconds: readonly SecondFlow[]) {
  const { now, logger } = yield* getDeps();
  for (const { flowId, draftFlowId } of seconds) {
    logger.warn(
      `flow ${flowId}: a second flow for the booking draft of ${draftFlowId}, cancelled`,
      {
        flowId,
        draftFlowId,
      },
    );
    yield* put(secondFlowFound({ flowId, draftFlowId, at: now() }));
  }
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
