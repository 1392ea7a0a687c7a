import { call, select } from 'typed-redux-saga';
import { isApiError } from '../apiError';
import { selectFlowById } from '../selectors';
import type { PaymentFlow } from '../types';
import { getDeps } from './deps';
import { requestWithRetry } from './requests';

export type ReleaseOutcome = 'released' | 'notCancellable' | 'unreachable';

/**
 * The booking a cancelled booking request may have made after all: the server may have
 * created it before the request was aborted. Replaying the request with the flow's key returns
 * that booking (or makes it, to be released at once) and never a second one.
 */
function* bookingMadeByAbortedRequest(flow: PaymentFlow) {
  const { api, timings, logger } = yield* getDeps();
  try {
    const booking = yield* requestWithRetry('findBooking', timings.releaseRetry, (signal) =>
      api.createBooking(flow.booking, flow.flowId, signal),
    );
    return booking.bookingId;
  } catch (error) {
    if (!isApiError(error)) throw error;
    logger.warn('could not find the booking of a cancelled request; its hold will expire', {
      flowId: flow.flowId,
      code: error.code,
    });
    return undefined;
  }
}

/** Frees the booking's hold on the server so the slot is bookable again. */
export function* releaseBooking(flowId: string, options: { requestWasCancelled?: boolean } = {}) {
  const { api, timings, logger } = yield* getDeps();
  const flow = yield* select(selectFlowById, flowId);
  if (!flow) return 'released' as ReleaseOutcome;
  const bookingId =
    flow.bookingId ??
    (options.requestWasCancelled ? yield* call(bookingMadeByAbortedRequest, flow) : undefined);
  if (!bookingId) return 'released' as ReleaseOutcome;
  try {
    yield* requestWithRetry('releaseBooking', timings.releaseRetry, (signal) =>
      api.cancelBooking(bookingId, signal),
    );
    logger.info('booking released', { flowId, bookingId });
    return 'released' as ReleaseOutcome;
  } catch (error) {
    if (!isApiError(error)) throw error;
    if (error.code === 'booking_not_cancellable') return 'notCancellable' as ReleaseOutcome;
    // The server lets the hold expire by itself; nothing is charged without a confirm.
    logger.warn('booking release failed; the hold will expire on the server', {
      flowId,
      code: error.code,
    });
    return 'unreachable' as ReleaseOutcome;
  }
}
