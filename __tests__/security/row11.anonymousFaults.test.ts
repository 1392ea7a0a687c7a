/** @jest-environment node */
/**
 * Issue 10, row 11: a server started with `--faults` let anyone set `failNextBookings: 1e9`
 * (every booking a 503) or `pauseRealtimeMs` (the server unreachable). The attack fails when the
 * fault endpoints answer only to the fault secret (anyone else gets the 404 of a missing
 * endpoint, bearer token or not), are never offered to another origin, and cap their counts.
 */
import type { FaultSettings } from '../../server/faults';
import type { BookingCreated } from '../../server/wireTypes';
import {
  ANONYMOUS,
  demoServersClosedAfterEach,
  faultSecretOf,
  firmBookingBody,
  get,
  post,
} from '../server/demoServerHarness';
import { errorOf } from './twoUsers';

const startServer = demoServersClosedAfterEach();
const NOT_FOUND = { status: 404, code: 'not_found' };

const book = (server: Parameters<typeof post>[0]) =>
  post<BookingCreated>(server, '/api/bookings', firmBookingBody, {
    'Idempotency-Key': `key-${Math.random()}`,
  });

describe('row 11: the fault endpoints without their secret', () => {
  it('row 11: anonymous failNextBookings: 1e9 is a 404 and bookings go on', async () => {
    const server = await startServer({ faults: true });

    const anonymous = await post(server, '/api/_faults', { failNextBookings: 1e9 }, ANONYMOUS);
    const withToken = await post(server, '/api/_faults', { failNextBookings: 1e9 });
    const stats = await get(server, '/api/_stats', ANONYMOUS);

    expect([anonymous, withToken, stats].map(errorOf)).toEqual([NOT_FOUND, NOT_FOUND, NOT_FOUND]);
    expect((await book(server)).status).toBe(201);
  });

  it('row 11: anonymous pauseRealtimeMs is a 404 and the server stays reachable', async () => {
    const server = await startServer({ faults: true });

    const attack = await post(server, '/api/_faults', { pauseRealtimeMs: 120_000 }, ANONYMOUS);
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(errorOf(attack)).toEqual(NOT_FOUND);
    expect((await get(server, '/api/payment-methods')).status).toBe(200);
  });

  it('row 11: even with the secret, failNextBookings is capped', async () => {
    const server = await startServer({ faults: true });
    const attack = await post<FaultSettings>(
      server,
      '/api/_faults',
      { failNextBookings: 1e9 },
      faultSecretOf(server),
    );
    expect(errorOf(attack)).toEqual({ status: 400, code: 'invalid_request' });
    expect((await book(server)).status).toBe(201);
  });

  it('row 11: the fault endpoints are never offered to another origin', async () => {
    const origin = 'http://localhost:4200';
    const server = await startServer({ faults: true, corsOrigins: [origin] });
    const preflight = (path: string) =>
      fetch(`${server.url}${path}`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'x-fault-secret',
        },
      });

    const faults = await preflight('/api/_faults');
    const bookings = await preflight('/api/bookings');

    expect(faults.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect(bookings.headers.get('Access-Control-Allow-Origin')).toBe(origin);
  });
});
