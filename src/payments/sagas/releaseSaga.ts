import { call, select } from 'typed-redux-saga';
import { isApiError } from '../apiError.js';
import { selectFlowById } from '../selectors.js';
import { getDeps, type BackoffPolicy } from './deps.js';
import { requestWithRetry } from './requests.js';

/** What the server said to a release, or that it could not be asked. */
export type ReleaseAnswer =
  | { kind: 'answered'; status: 'cancelled' | 'expired' }
  /** The payment is already under way (or done): the booking stays. */
  | { kind: 'notCancellable' }
  | { kind: 'notFound' }
  | { kind: 'unreachable'; code: string };

/** POST cancel for the booking; transient failures are retried under `policy`. */
export function* requestRelease(bookingId: string, policy: BackoffPolicy) {
  const { api } = yield* getDeps();
  try {
    const answer = yield* requestWithRetry('releaseBooking', policy, (signal) =>
      api.cancelBooking(bookingId, signal),
    );
    return { kind: 'answered', status: answer.status } as ReleaseAnswer;
  } catch (error) {
    if (!isApiError(error)) throw error;
    if (error.code === 'booking_not_cancellable')
      return { kind: 'notCancellable' } as ReleaseAnswer;
    if (error.status === 404) return { kind: 'notFound' } as ReleaseAnswer;
    return { kind: 'unreachable', code: error.code } as ReleaseAnswer;
  }
}

/**
 * Frees the hold of a flow that ended without a payment (expired, failed), so the slot is
 * bookable again. Best effort: the server lets the hold expire by itself, and nothing is
 * charged without a confirm.
 */
export function* releaseBooking(flowId: string) {
  const { timings, logger } = yield* getDeps();
  const bookingId = (yield* select(selectFlowById, flowId))?.bookingId;
  if (bookingId === undefined) return;
  const answer = yield* call(requestRelease, bookingId, timings.releaseRetry);
  if (answer.kind === 'unreachable') {
    logger.warn('booking release failed; the hold will expire on the server', {
      flowId,
      code: answer.code,
    });
  } else {
    logger.info(`flow ${flowId}: booking released`, { flowId, bookingId, answer: answer.kind });
  }
}
