import { ApiError } from '../apiError';
import type { BookingFlow } from '../bookingFlow';
import type { FaultState } from '../faults';
import { fingerprintOf, runIdempotent } from '../idempotency';
import { requireIdempotencyKey, type Route } from '../router';
import { cancelBookingSchema, createBookingSchema, parseBody } from '../schemas';
import type { DemoStore } from '../store';
import type { TimerRegistry } from '../timers';

export interface BookingRouteDeps {
  store: DemoStore;
  bookingFlow: BookingFlow;
  faults: FaultState;
  timers: TimerRegistry;
}

export function bookingRoutes({ store, bookingFlow, faults, timers }: BookingRouteDeps): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/bookings',
      async handle(context) {
        if (faults.takeBookingFailure()) {
          throw new ApiError(503, 'service_unavailable', 'Bookings are briefly unavailable.');
        }
        const key = requireIdempotencyKey(context);
        const input = parseBody(createBookingSchema, context.body);
        // Keys are per owner: another owner's key must never replay (and reveal) its booking.
        // The fingerprint is of the validated input, so what is kept is bounded by the schema.
        const request = {
          scope: 'createBooking',
          owner: context.owner,
          key,
          fingerprint: fingerprintOf(input),
        };
        // The quota is checked for a new key only, and not recorded against it: the replay of
        // the booking that reached the quota still returns that booking.
        return runIdempotent(
          store.idempotency,
          request,
          async () => {
            await timers.sleep(faults.bookingDelayMs);
            return { status: 201, body: bookingFlow.create(input, context.owner) };
          },
          () => {
            bookingFlow.assertQuota(context.owner);
          },
        );
      },
    },
    {
      method: 'POST',
      path: '/api/bookings/:bookingId/cancel',
      handle(context) {
        parseBody(cancelBookingSchema, context.body);
        return {
          status: 200,
          body: bookingFlow.cancel(context.param('bookingId'), context.owner),
        };
      },
    },
  ];
}
