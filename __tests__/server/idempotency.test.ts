/** @jest-environment node */
import { IdempotencyStore } from '../../server/idempotency';
import type { BookingCreated, PaymentSnapshot } from '../../server/wireTypes';
import {
  confirm,
  createFirmBooking,
  eventually,
  firmBookingBody,
  post,
  demoServersClosedAfterEach,
} from './demoServerHarness';

const startServer = demoServersClosedAfterEach();
const key = { 'Idempotency-Key': 'booking-key-1' };

describe('idempotent booking creation', () => {
  it('replays the first response for the same key and body, creating one booking', async () => {
    const server = await startServer();
    const first = await post<BookingCreated>(server, '/api/bookings', firmBookingBody, key);
    const reordered = Object.fromEntries(Object.entries(firmBookingBody).reverse());
    const second = await post<BookingCreated>(server, '/api/bookings', reordered, key);

    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(first.headers.get('Idempotent-Replayed')).toBeNull();
    expect(second.headers.get('Idempotent-Replayed')).toBe('true');
    expect(server.stats().bookingsCreated).toBe(1);
  });

  it('answers 409 while the first request with the key is still running', async () => {
    const server = await startServer();
    server.faults.setBookingDelay(300);
    const first = post<BookingCreated>(server, '/api/bookings', firmBookingBody, key);
    await eventually(() => server.store.idempotency.size === 1);

    const concurrent = await post(server, '/api/bookings', firmBookingBody, key);

    expect(concurrent.status).toBe(409);
    expect(concurrent.body.error.code).toBe('idempotency_in_flight');
    expect((await first).status).toBe(201);
    expect(server.stats().bookingsCreated).toBe(1);
  });

  it('answers 422 when the key comes back with a different body', async () => {
    const server = await startServer();
    await post(server, '/api/bookings', firmBookingBody, key);
    const reused = await post(
      server,
      '/api/bookings',
      { ...firmBookingBody, resourceId: 'b' },
      key,
    );
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    expect(server.stats().bookingsCreated).toBe(1);
  });

  it('does not burn a key on a request that failed validation', async () => {
    const server = await startServer();
    const invalid = await post(server, '/api/bookings', { ...firmBookingBody, start: -1 }, key);
    const valid = await post(server, '/api/bookings', firmBookingBody, key);
    expect(invalid.status).toBe(400);
    expect(valid.status).toBe(201);
  });

  it('replays the booking that reached the owner’s quota, not 429 (a lost response is found)', async () => {
    const server = await startServer({ maxRecordsPerOwner: 2 });
    const keyed = (name: string) => ({ 'Idempotency-Key': name });
    const first = await post<BookingCreated>(
      server,
      '/api/bookings',
      firmBookingBody,
      keyed('q-1'),
    );
    const second = await post<BookingCreated>(
      server,
      '/api/bookings',
      firmBookingBody,
      keyed('q-2'),
    );
    const replay = await post<BookingCreated>(
      server,
      '/api/bookings',
      firmBookingBody,
      keyed('q-2'),
    );
    const over = await post(server, '/api/bookings', firmBookingBody, keyed('q-3'));

    expect([first.status, second.status, replay.status, over.status]).toEqual([201, 201, 201, 429]);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    expect(replay.body.bookingId).toBe(second.body.bookingId);
    expect(server.stats().bookingsCreated).toBe(2);
  });

  it('keeps keys of different endpoints apart', async () => {
    const server = await startServer();
    const booking = await createFirmBooking(server, 'shared-key');
    const confirmed = await confirm(
      server,
      booking.payment.paymentId,
      'pm_card_visa',
      'shared-key',
    );
    expect(confirmed.status).toBe(200);
  });
});

describe('idempotent payment confirmation', () => {
  it('charges once when the same confirmation is sent twice', async () => {
    const server = await startServer({ processingDelayMs: 10_000 });
    const { payment } = await createFirmBooking(server);

    const first = await confirm(server, payment.paymentId, 'pm_card_visa', 'flow-1:1');
    const retry = await confirm(server, payment.paymentId, 'pm_card_visa', 'flow-1:1');

    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
    expect(server.stats()).toMatchObject({ paymentsConfirmed: 1, confirmRequests: 2 });
  });

  it('answers 422 for the same key with another payment method', async () => {
    const server = await startServer();
    const { payment } = await createFirmBooking(server);
    await confirm(server, payment.paymentId, 'pm_card_declined', 'flow-1:1');
    const reused = await post(
      server,
      `/api/payments/${payment.paymentId}/confirm`,
      { paymentMethodId: 'pm_card_visa' },
      { 'Idempotency-Key': 'flow-1:1' },
    );
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
  });

  it('replays a rejection too, so a retry never turns into a second attempt', async () => {
    const server = await startServer();
    const { payment } = await createFirmBooking(server);
    const path = `/api/payments/${payment.paymentId}/confirm`;
    const body = { paymentMethodId: 'pm_card_visa' };
    await confirm(server, payment.paymentId, 'pm_card_visa', 'flow-1:1');

    const second = await post<PaymentSnapshot>(server, path, body, {
      'Idempotency-Key': 'flow-1:2',
    });
    const secondRetry = await post(server, path, body, { 'Idempotency-Key': 'flow-1:2' });

    expect(second.status).toBe(409);
    expect(secondRetry.status).toBe(409);
    expect(secondRetry.body.error.code).toBe('payment_not_confirmable');
    expect(secondRetry.headers.get('Idempotent-Replayed')).toBe('true');
  });

  it('requires an Idempotency-Key', async () => {
    const server = await startServer();
    const { payment } = await createFirmBooking(server);
    const result = await post(server, `/api/payments/${payment.paymentId}/confirm`, {
      paymentMethodId: 'pm_card_visa',
    });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('missing_idempotency_key');
  });
});

describe('IdempotencyStore', () => {
  const request = { scope: 'createBooking', owner: 'o', key: 'k', fingerprint: '{}' };

  it('forgets records after 24 hours', () => {
    let now = 0;
    const store = new IdempotencyStore({ now: () => now });
    store.begin(request);
    store.complete(request, { status: 201, body: {} });

    now = 24 * 60 * 60 * 1000 - 1;
    expect(store.begin(request).kind).toBe('replay');
    now = 24 * 60 * 60 * 1000;
    expect(store.begin(request).kind).toBe('started');
  });
});
