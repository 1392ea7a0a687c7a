import { call, put, select } from 'typed-redux-saga';
import { isApiError } from '../apiError.js';
import {
  bookingFoundExpired,
  flowCancelled,
  paymentNotFound,
  paymentOutcomeUnknown,
  paymentStatusesReceived,
} from '../paymentFlowsSlice.js';
import { selectFlowById } from '../selectors.js';
import { cancelAsksFirst } from '../statusMachine.js';
import type { PaymentFlow } from '../types.js';
import { getDeps } from './deps.js';
import { requestRelease } from './releaseSaga.js';
import { requestWithRetry } from './requests.js';

/**
 * The payment's status, adopted by the flow: money already moving (or an end) ends the cancel.
 * Retried while the server cannot be reached; a refusal is thrown to the caller.
 */
function* adoptPaymentStatus(paymentId: string) {
  const { api, timings, now } = yield* getDeps();
  const snapshot = yield* requestWithRetry('getPayment', timings.cancelRetry, (signal) =>
    api.getPayment(paymentId, signal),
  );
  yield* put(paymentStatusesReceived({ updates: [snapshot], at: now() }));
}

/**
 * The booking to release. A flow that asked for a booking but never heard back may have one
 * after all: replaying the request with the flow's key returns it (or makes it, to be released
 * at once) and never a second one. A replay the server refuses (the slot taken, the draft
 * invalid) is the answer the first request got: nothing was booked. A flow that never asked has
 * nothing on the server.
 */
function* bookingOf(flow: PaymentFlow) {
  const { api, timings } = yield* getDeps();
  if (flow.bookingId !== undefined) return flow.bookingId;
  if (!flow.history.some((step) => step.to === 'creatingBooking')) return undefined;
  try {
    const booking = yield* requestWithRetry('findBooking', timings.cancelRetry, (signal) =>
      api.createBooking(flow.booking, flow.flowId, signal),
    );
    return booking.bookingId;
  } catch (error) {
    if (isApiError(error) && error.isRefusal) return undefined;
    throw error;
  }
}

/**
 * Settles a flow in `cancelling` with the server's word, and only with it: released
 * (`cancelled`), already `expired`, or the payment's own status when it is under way. While the
 * server cannot be reached the flow stays `cancelling` and this retries with backoff.
 */
export function* settleCancel(flow: PaymentFlow) {
  const { now, logger, timings } = yield* getDeps();
  const { flowId, paymentId } = flow;
  if (paymentId !== undefined && cancelAsksFirst(flow)) {
    // The flow was reconciling: the payment may have gone through. Ask before releasing.
    try {
      yield* call(adoptPaymentStatus, paymentId);
    } catch (error) {
      // A payment the server does not know has not gone through: the booking's answer decides.
      if (!isApiError(error) || error.status !== 404) throw error;
    }
    if ((yield* select(selectFlowById, flowId))?.status !== 'cancelling') return;
  }
  const bookingId = yield* call(bookingOf, flow);
  if (bookingId === undefined) {
    yield* put(flowCancelled({ flowId, at: now() }));
    return;
  }
  const answer = yield* call(requestRelease, bookingId, timings.cancelRetry);
  switch (answer.kind) {
    case 'answered':
      logger.info(`flow ${flowId}: cancel answered, booking ${answer.status}`, {
        flowId,
        bookingId,
      });
      yield* put(
        answer.status === 'expired'
          ? bookingFoundExpired({ flowId, at: now() })
          : flowCancelled({ flowId, at: now() }),
      );
      return;
    case 'notCancellable':
      logger.warn('cancel refused by the server: the payment is under way', { flowId });
      if (paymentId === undefined) throw new Error('booking not cancellable, but no payment');
      try {
        yield* call(adoptPaymentStatus, paymentId);
      } catch (error) {
        if (!isApiError(error)) throw error;
        yield* put(paymentOutcomeUnknown({ flowId, reason: error.code, at: now() }));
      }
      return;
    case 'notFound':
      // The server holds nothing for this booking: with a payment, that is a lost payment.
      yield* put(
        paymentId === undefined
          ? flowCancelled({ flowId, at: now() })
          : paymentNotFound({ flowId, at: now() }),
      );
      return;
    case 'unreachable':
      // A refusal we cannot read: the flow stays cancelling and the driver tries again.
      throw new Error(`the cancel was refused (${answer.code})`);
  }
}
