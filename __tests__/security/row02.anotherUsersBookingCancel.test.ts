/** @jest-environment node */
/**
 * Issue 10, row 2: another user's booking. The attacker cancels it with their own token. The
 * attack fails when the answer is the 404 of an unknown booking and the booking is still held.
 */
import { bearer, demoServersClosedAfterEach, post } from '../server/demoServerHarness';
import { ATTACKER, VICTIM, errorOf, firmBookingFor, withTwoUsers } from './twoUsers';

const startServer = demoServersClosedAfterEach();

describe('row 2: another user’s booking', () => {
  it('row 2: POST /api/bookings/:id/cancel of another user is a 404 and releases nothing', async () => {
    const server = withTwoUsers(await startServer());
    const booking = await firmBookingFor(server, VICTIM);

    const attack = await post(
      server,
      `/api/bookings/${booking.bookingId}/cancel`,
      {},
      bearer(ATTACKER),
    );
    const unknown = await post(
      server,
      '/api/bookings/bk_00000000000000000000/cancel',
      {},
      bearer(ATTACKER),
    );

    expect(errorOf(attack)).toEqual({ status: 404, code: 'not_found' });
    expect(errorOf(unknown)).toEqual(errorOf(attack));
    expect(server.store.bookings.get(booking.bookingId)?.status).toBe('held');
    expect(server.store.payments.get(booking.payment.paymentId)?.status).toBe('awaitingPayment');
  });

  it('row 2: the owner can still cancel it', async () => {
    const server = withTwoUsers(await startServer());
    const booking = await firmBookingFor(server, VICTIM);
    const own = await post(server, `/api/bookings/${booking.bookingId}/cancel`, {}, bearer(VICTIM));
    expect(own.status).toBe(200);
    expect(server.store.bookings.get(booking.bookingId)?.status).toBe('cancelled');
  });
});
