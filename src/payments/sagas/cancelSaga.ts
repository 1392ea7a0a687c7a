import { call, put } from 'typed-redux-saga';
import { isApiError } from '../apiError';
import { flowCancelled, paymentStatusesReceived } from '../paymentFlowsSlice';
import type { PaymentFlow } from '../types';
import { getDeps } from './deps';
import { releaseBooking } from './releaseSaga';
import { callAbortable } from './requests';

/** Asks the server for the payment's status after it refused a cancel: the flow adopts it. */
function* resyncAfterRefusedCancel(flow: PaymentFlow) {
  const { api, now, logger } = yield* getDeps();
  const { paymentId } = flow;
  if (paymentId === undefined) return;
  try {
    const snapshot = yield* callAbortable((signal) => api.getPayment(paymentId, signal));
    yield* put(paymentStatusesReceived({ updates: [snapshot], at: now() }));
  } catch (error) {
    if (!isApiError(error)) throw error;
    // The flow's driver picks up from here and asks again.
    logger.warn('resync after a refused cancel failed', { flowId: flow.flowId, code: error.code });
  }
}

/**
 * Releases the booking of a flow whose work has just been stopped, then reports it cancelled.
 * `flow` is the flow as it was when the user cancelled: a booking request under way then may
 * have made a booking after all, which is found by replaying its idempotency key.
 */
export function* cancelFlow(flow: PaymentFlow) {
  const { now, logger } = yield* getDeps();
  const outcome = yield* call(releaseBooking, flow.flowId, {
    requestWasCancelled: flow.status === 'creatingBooking',
  });
  if (outcome !== 'notCancellable') {
    yield* put(flowCancelled({ flowId: flow.flowId, at: now() }));
    return;
  }
  // The server says the payment is already under way (another tab?): adopt its status.
  logger.warn('cancel refused by the server; resyncing', { flowId: flow.flowId });
  yield* call(resyncAfterRefusedCancel, flow);
}
