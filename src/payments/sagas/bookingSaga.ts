import { put, select } from 'typed-redux-saga';
import { isApiError } from '../apiError.js';
import { bookingCreated, bookingFailed } from '../paymentFlowsSlice.js';
import { selectFlowById } from '../selectors.js';
import { getDeps } from './deps.js';
import { requestWithRetry } from './requests.js';
import { saveBeforeActing } from './writeAhead.js';

/**
 * POST /api/bookings keyed by the flowId: however often this runs for a flow (retries, a
 * reload, a double click), the server creates one booking.
 */
export function* createBooking(flowId: string) {
  const { api, now, timings } = yield* getDeps();
  const flow = yield* select(selectFlowById, flowId);
  if (!flow) return;
  yield* saveBeforeActing();
  try {
    const booking = yield* requestWithRetry('createBooking', timings.bookingRetry, (signal) =>
      api.createBooking(flow.booking, flowId, signal),
    );
    yield* put(
      bookingCreated({
        flowId,
        bookingId: booking.bookingId,
        payment: booking.payment
          ? { paymentId: booking.payment.paymentId, seq: booking.payment.seq }
          : undefined,
        amount: booking.amount ?? undefined,
        // Converted at the boundary: every timer and countdown of the client uses its own clock.
        holdExpiresAt:
          booking.holdExpiresAt === null ? undefined : api.toClientTime(booking.holdExpiresAt),
        at: now(),
      }),
    );
  } catch (error) {
    if (!isApiError(error)) throw error;
    yield* put(bookingFailed({ flowId, error: error.toFlowError(), at: now() }));
  }
}
