/** @jest-environment node */
import type { FaultSettings } from '../../server/faults';
import type { BookingCreated, DemoStats } from '../../server/wireTypes';
import {
  demoServersClosedAfterEach,
  faultSecretOf,
  firmBookingBody,
  get,
  post,
} from './demoServerHarness';

const startServer = demoServersClosedAfterEach();
const key = { 'Idempotency-Key': 'booking-key-1' };

describe('fault injection', () => {
  it('fails the next bookings with 503 without burning their idempotency key', async () => {
    const server = await startServer();
    server.faults.failNextBookings(2);

    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      statuses.push((await post(server, '/api/bookings', firmBookingBody, key)).status);
    }
    const replay = await post<BookingCreated>(server, '/api/bookings', firmBookingBody, key);

    expect(statuses).toEqual([503, 503, 201]);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    expect(server.stats().bookingsCreated).toBe(1);
  });

  it('delays every API response by the configured time', async () => {
    const server = await startServer();
    server.faults.setResponseDelay(150);
    const startedAt = Date.now();
    const result = await get(server, '/api/payment-methods');
    expect(result.status).toBe(200);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140);
  });

  it('loses the next responses after doing the work: a retry with the same key is a replay', async () => {
    const server = await startServer();
    server.faults.loseNextResponses(1);

    const lost = await post(server, '/api/bookings', firmBookingBody, key).catch(
      (error: unknown) => error,
    );
    const retried = await post<BookingCreated>(server, '/api/bookings', firmBookingBody, key);

    expect(String(lost)).toContain('fetch failed');
    expect(retried.status).toBe(201);
    expect(retried.headers.get('Idempotent-Replayed')).toBe('true');
    expect(server.stats().bookingsCreated).toBe(1);
  });

  it('is controllable over HTTP when enabled, with the fault secret', async () => {
    const server = await startServer({ faults: true, faultSecret: 'fault-secret-1' });
    const secret = { 'X-Fault-Secret': 'fault-secret-1' };

    const set = await post<FaultSettings>(server, '/api/_faults', { failNextBookings: 1 }, secret);
    const failed = await post(server, '/api/bookings', firmBookingBody, key);
    const created = await post(server, '/api/bookings', firmBookingBody, key);
    const stats = await get<DemoStats>(server, '/api/_stats', secret);

    expect(set.body).toEqual({
      failNextBookings: 1,
      responseDelayMs: 0,
      bookingDelayMs: 0,
      duplicateStatusEvents: false,
      reorderStatusEvents: false,
      dropNextStatusEvents: 0,
      loseNextResponses: 0,
    });
    expect([failed.status, failed.body.error.code]).toEqual([503, 'service_unavailable']);
    expect(created.status).toBe(201);
    expect(stats.body).toEqual({ bookingsCreated: 1, paymentsConfirmed: 0, confirmRequests: 0 });
  });

  it('rejects invalid fault settings', async () => {
    const server = await startServer({ faults: true });
    const secret = faultSecretOf(server);
    const result = await post(server, '/api/_faults', { responseDelayMs: -5 }, secret);
    const tooMany = await post(server, '/api/_faults', { failNextBookings: 10_001 }, secret);
    const unknown = await post(server, '/api/_faults', { failEverything: true }, secret);
    expect(result.status).toBe(400);
    expect(result.body.error.message).toContain('responseDelayMs');
    expect([tooMany.status, tooMany.body.error.message]).toEqual([
      400,
      expect.stringContaining('failNextBookings') as unknown,
    ]);
    expect(unknown.status).toBe(400);
  });

  it('hides the fault endpoints from a request without the secret, or with a wrong one', async () => {
    const server = await startServer({ faults: true });
    const none = await post(server, '/api/_faults', { failNextBookings: 1 });
    const wrong = await get(server, '/api/_stats', { 'X-Fault-Secret': 'guess' });
    const right = await get(server, '/api/_stats', faultSecretOf(server));
    const booking = await post(server, '/api/bookings', firmBookingBody, key);
    expect([none.status, wrong.status, right.status]).toEqual([404, 404, 200]);
    expect(none.body.error.code).toBe('not_found');
    expect(booking.status).toBe(201);
  });

  it('hides the fault endpoints when faults are off', async () => {
    const server = await startServer();
    expect(server.faultSecret).toBeUndefined();
    const faults = await post(server, '/api/_faults', { failNextBookings: 1 });
    const stats = await get(server, '/api/_stats');
    expect([faults.status, stats.status]).toEqual([404, 404]);
    expect(faults.body.error.code).toBe('not_found');
  });
});
