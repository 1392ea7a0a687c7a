/** @jest-environment node */
/**
 * Issue 10, row 4: no `Authorization` header. The old server took such a request for the demo
 * user, even after that user's token was revoked. The attack fails when a request without a
 * token is refused (401), unless the server runs with the explicit demo flag, and even then
 * only while the demo token itself is accepted.
 */
import type { BookingCreated } from '../../server/wireTypes';
import {
  ANONYMOUS,
  demoServersClosedAfterEach,
  firmBookingBody,
  get,
  post,
} from '../server/demoServerHarness';
import { VICTIM, errorOf, firmBookingFor } from './twoUsers';

const startServer = demoServersClosedAfterEach();
const UNAUTHORIZED = { status: 401, code: 'unauthorized' };

const bookAnonymously = (server: Parameters<typeof post>[0]) =>
  post<BookingCreated>(server, '/api/bookings', firmBookingBody, {
    ...ANONYMOUS,
    'Idempotency-Key': `key-${Math.random()}`,
  });

describe('row 4: no Authorization header', () => {
  it('row 4: without a header nothing acts for the demo user by default', async () => {
    const server = await startServer();
    const booking = await firmBookingFor(server, VICTIM);

    const attempts = [
      await bookAnonymously(server),
      await get(server, `/api/payments/${booking.payment.paymentId}`, ANONYMOUS),
      await post(server, `/api/bookings/${booking.bookingId}/cancel`, {}, ANONYMOUS),
      await get(server, '/api/payment-methods', ANONYMOUS),
    ];

    expect(attempts.map(errorOf)).toEqual([UNAUTHORIZED, UNAUTHORIZED, UNAUTHORIZED, UNAUTHORIZED]);
    expect(server.store.bookings.get(booking.bookingId)?.status).toBe('held');
    expect(server.stats().bookingsCreated).toBe(1);
  });

  it('row 4: with the demo flag, not after the demo token was revoked', async () => {
    const server = await startServer({ anonymousDemoUser: true });
    expect((await bookAnonymously(server)).status).toBe(201);

    server.realtime.setAcceptedTokens(['someone-else']);

    expect(errorOf(await bookAnonymously(server))).toEqual(UNAUTHORIZED);
  });

  it('row 4: with the demo flag, not after the demo token was rotated away', async () => {
    const server = await startServer({ anonymousDemoUser: true });
    const booking = await firmBookingFor(server, VICTIM);

    server.realtime.rotateToken(VICTIM, 'refreshed-token');

    const read = await get(server, `/api/payments/${booking.payment.paymentId}`, ANONYMOUS);
    expect(errorOf(read)).toEqual(UNAUTHORIZED);
    expect(errorOf(await bookAnonymously(server))).toEqual(UNAUTHORIZED);
  });
});
