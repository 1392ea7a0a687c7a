import { call, delay, put, select } from 'typed-redux-saga';
import { isApiError } from '../apiError';
import {
  paymentFailed,
  paymentOutcomeUnknown,
  paymentStatusesReceived,
} from '../paymentFlowsSlice';
import { selectFlowById } from '../selectors';
import type { PaymentFlow } from '../types';
import { backoffDelay, getDeps } from './deps';
import { callAbortable, requestWithRetry } from './requests';
import { saveBeforeActing } from './writeAhead';

/** The confirm request's idempotency key: one charge per attempt, however often it is sent. */
export function confirmKey(flow: Pick<PaymentFlow, 'flowId' | 'attempt'>): string {
  return `${flow.flowId}:${flow.attempt}`;
}

/** POST confirm for the flow's current attempt; the answer is applied like any server status. */
export function* confirmPayment(flowId: string) {
  const { api, now, timings, logger, returnPathFor } = yield* getDeps();
  const flow = yield* select(selectFlowById, flowId);
  if (!flow?.paymentId || !flow.paymentMethodId) {
    throw new Error(`flow ${flowId} is confirming without a payment or a payment method`);
  }
  const { paymentId, paymentMethodId } = flow;
  yield* call(saveBeforeActing);
  try {
    const snapshot = yield* requestWithRetry('confirmPayment', timings.confirmRetry, (signal) =>
      api.confirmPayment(
        paymentId,
        { paymentMethodId, returnPath: returnPathFor?.(flowId) },
        confirmKey(flow),
        signal,
      ),
    );
    yield* put(paymentStatusesReceived({ updates: [snapshot], at: now() }));
  } catch (error) {
    if (!isApiError(error)) throw error;
    if (error.isTransient || error.isInFlightConflict || error.code === 'payment_not_confirmable') {
      // The charge may or may not have happened: only the server can say.
      yield* put(paymentOutcomeUnknown({ flowId, reason: error.code, at: now() }));
      return;
    }
    yield* put(
      paymentFailed({ flowId, error: { ...error.toFlowError(), retriable: true }, at: now() }),
    );
    return;
  }
  const after = yield* select(selectFlowById, flowId);
  if (after?.status === 'confirmingPayment') {
    logger.warn('confirm answered with an older status; asking the server', { flowId });
    yield* put(paymentOutcomeUnknown({ flowId, reason: 'stale_confirm_response', at: now() }));
  }
}

/** Asks the server for the payment's status, with backoff, until the flow's status changes. */
export function* pollPaymentStatus(flow: PaymentFlow) {
  const { api, now, timings, random, logger } = yield* getDeps();
  const { paymentId } = flow;
  if (!paymentId) return;
  for (let attempt = 1; ; attempt += 1) {
    yield* delay(backoffDelay(attempt, timings.statusPoll, random));
    try {
      const snapshot = yield* callAbortable((signal) => api.getPayment(paymentId, signal));
      yield* put(paymentStatusesReceived({ updates: [snapshot], at: now() }));
    } catch (error) {
      if (!isApiError(error)) throw error;
      logger.debug('status poll failed', { flowId: flow.flowId, code: error.code });
    }
    const current = yield* select(selectFlowById, flow.flowId);
    if (current?.status !== flow.status) return;
  }
}
