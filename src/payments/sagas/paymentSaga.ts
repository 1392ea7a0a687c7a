import { call, delay, put, select } from 'typed-redux-saga';
import { isApiError } from '../apiError.js';
import {
  confirmPrepared,
  paymentNotFound,
  paymentOutcomeUnknown,
  paymentStatusesReceived,
} from '../paymentFlowsSlice.js';
import { selectFlowById } from '../selectors.js';
import type { PaymentFlow } from '../types.js';
import { backoffDelay, getDeps, type BackoffPolicy } from './deps.js';
import { callAbortable, requestWithRetry } from './requests.js';
import { saveBeforeActing } from './writeAhead.js';

/** The confirm request's idempotency key: one charge per attempt, however often it is sent. */
export function confirmKey(flow: Pick<PaymentFlow, 'flowId' | 'attempt'>): string {
  return `${flow.flowId}:${flow.attempt}`;
}

/**
 * The confirm of the flow's current attempt, the same bytes however often it is sent: what
 * varies by page (the 3-D Secure return path) is stored with the attempt before the first send.
 */
function* confirmOfAttempt(flowId: string) {
  const { now, returnPathFor } = yield* getDeps();
  const flow = yield* select(selectFlowById, flowId);
  if (!flow?.paymentId || !flow.paymentMethodId) {
    throw new Error(`flow ${flowId} is confirming without a payment or a payment method`);
  }
  if (flow.returnPath === undefined && returnPathFor) {
    yield* put(confirmPrepared({ flowId, returnPath: returnPathFor(flowId), at: now() }));
  }
  // What the store kept: a return path that could lead off-site was refused there.
  const { returnPath } = (yield* select(selectFlowById, flowId)) ?? flow;
  const { attempt, paymentId, paymentMethodId } = flow;
  return { flowId, attempt, paymentId, paymentMethodId, returnPath };
}

/**
 * POST confirm for the flow's current attempt; the answer is applied like any server status.
 * Only the server's word is shown: a refused request (a 4xx, a timeout) is not a payment
 * failure, so the flow reconciles and takes the payment's status from the server.
 */
export function* confirmPayment(flowId: string) {
  const { api, now, timings, logger } = yield* getDeps();
  const flow = yield* call(confirmOfAttempt, flowId);
  const { paymentId, paymentMethodId, returnPath } = flow;
  yield* saveBeforeActing();
  try {
    const snapshot = yield* requestWithRetry('confirmPayment', timings.confirmRetry, (signal) =>
      api.confirmPayment(paymentId, { paymentMethodId, returnPath }, confirmKey(flow), signal),
    );
    yield* put(paymentStatusesReceived({ updates: [snapshot], at: now() }));
  } catch (error) {
    if (!isApiError(error)) throw error;
    yield* put(
      error.status === 404
        ? paymentNotFound({ flowId, at: now() })
        : paymentOutcomeUnknown({ flowId, reason: error.code, at: now() }),
    );
    return;
  }
  const after = yield* select(selectFlowById, flowId);
  if (after?.status === 'confirmingPayment') {
    logger.warn('confirm answered with an older status; asking the server', { flowId });
    yield* put(paymentOutcomeUnknown({ flowId, reason: 'stale_confirm_response', at: now() }));
  }
}

/**
 * Asks the server for the payment's status, then again with backoff, until `settled` holds for
 * the flow (by default: its status changed). A payment the server answers 404 for, time after
 * time, is one it lost: the flow ends explained instead of polling for ever.
 */
export function* pollPaymentStatus(
  flow: PaymentFlow,
  settled: (current: PaymentFlow) => boolean = (current) => current.status !== flow.status,
  policy?: BackoffPolicy,
) {
  const { api, now, timings, random, logger } = yield* getDeps();
  const { paymentId } = flow;
  if (!paymentId) {
    // Only a damaged stored (or mirrored) flow waits on a payment it has no id for: nothing can
    // be asked, and returning at once would have its driver step again without ever waiting.
    logger.warn('a payment step without its payment id; nothing to ask the server', {
      flowId: flow.flowId,
    });
    yield* put(paymentNotFound({ flowId: flow.flowId, at: now() }));
    return;
  }
  let notFound = 0;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const snapshot = yield* callAbortable((signal) => api.getPayment(paymentId, signal));
      notFound = 0;
      yield* put(paymentStatusesReceived({ updates: [snapshot], at: now() }));
    } catch (error) {
      if (!isApiError(error)) throw error;
      logger.debug('status poll failed', { flowId: flow.flowId, code: error.code });
      notFound = error.status === 404 ? notFound + 1 : 0;
      if (notFound >= timings.paymentNotFoundChecks) {
        logger.warn(`the server answered 404 for the payment ${notFound} times`, {
          flowId: flow.flowId,
        });
        yield* put(paymentNotFound({ flowId: flow.flowId, at: now() }));
        return;
      }
    }
    const current = yield* select(selectFlowById, flow.flowId);
    if (!current || settled(current)) return;
    yield* delay(backoffDelay(attempt, policy ?? timings.statusPoll, random));
  }
}
