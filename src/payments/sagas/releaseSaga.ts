import { select } from 'typed-redux-saga';
import { isApiError } from '../apiError';
import { selectFlowById } from '../selectors';
import { getDeps } from './deps';
import { requestWithRetry } from './requests';

export type ReleaseOutcome = 'released' | 'notCancellable' | 'unreachable';

/** Frees the booking's hold on the server so the slot is bookable again. */
export function* releaseBooking(flowId: string) {
  const { api, timings, logger } = yield* getDeps();
  const flow = yield* select(selectFlowById, flowId);
  const bookingId = flow?.bookingId;
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
