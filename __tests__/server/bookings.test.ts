/** @jest-environment node */
import type { BookingCreated, PaymentSnapshot } from '../../server/wireTypes';
import {
  createFirmBooking,
  firmBookingBody,
  get,
  post,
  demoServersClosedAfterEach,
} from './demoServerHarness';

const startServer = demoServersClosedAfterEach();

describe('POST /api/bookings', () => {
  it('holds a FIRM booking and opens a payment for it', async () => {
    const server = await startServer({ holdMs: 60_000 });
    const before = Date.now();

    const booking = await createFirmBooking(server);

    expect(booking.bookingId).toMatch(/^bk_/);
    expect(booking.status).toBe('held');
    expect(booking.amount).toEqual({ value: 5000, currency: 'EUR' });
    expect(booking.holdExpiresAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(booking.payment).toEqual({
      paymentId: expect.stringMatching(/^pay_/) as unknown,
      status: 'awaitingPayment',
      seq: 1,
    });
    const payment = await get<PaymentSnapshot>(
      server,
      `/api/payments/${booking.payment.paymentId}`,
    );
    expect(payment.body).toMatchObject({
      bookingId: booking.bookingId,
      status: 'awaitingPayment',
      seq: 1,
      amount: { value: 5000, currency: 'EUR' },
    });
  });

  it.each([
    [15, 2500],
    [30, 2500],
    [31, 5000],
    [480, 40000],
  ])('prices %i minutes at %i minor units', async (durationMinutes, value) => {
    const server = await startServer();
    const result = await post<BookingCreated>(
      server,
      '/api/bookings',
      { ...firmBookingBody, durationMinutes },
      { 'Idempotency-Key': 'k' },
    );
    expect(result.body.amount).toEqual({ value, currency: 'EUR' });
  });

  it('confirms a TENTATIVE booking at once, without a payment', async () => {
    const server = await startServer();
    const result = await post<BookingCreated>(
      server,
      '/api/bookings',
      { ...firmBookingBody, bookingType: 'TENTATIVE' },
      { 'Idempotency-Key': 'k' },
    );
    expect(result.status).toBe(201);
    expect(result.body).toEqual({
      bookingId: expect.stringMatching(/^bk_/) as unknown,
      status: 'confirmed',
      holdExpiresAt: null,
      amount: null,
      payment: null,
    });
  });

  it('requires an Idempotency-Key', async () => {
    const server = await startServer();
    const result = await post(server, '/api/bookings', firmBookingBody);
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('missing_idempotency_key');
    expect(server.stats().bookingsCreated).toBe(0);
  });

  it.each([
    ['resourceId', { resourceId: '' }],
    ['resourceId', { resourceId: 'x'.repeat(65) }],
    ['start', { start: 0 }],
    ['start', { start: '2030-01-01' }],
    ['durationMinutes', { durationMinutes: 14 }],
    ['durationMinutes', { durationMinutes: 481 }],
    ['durationMinutes', { durationMinutes: 30.5 }],
    ['bookingType', { bookingType: 'MAYBE' }],
  ])('rejects %s in %j with 400 invalid_request naming the field', async (field, change) => {
    const server = await startServer();
    const result = await post(
      server,
      '/api/bookings',
      { ...firmBookingBody, ...change },
      { 'Idempotency-Key': 'k' },
    );
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('invalid_request');
    expect(result.body.error.message).toContain(field);
  });

  it('rejects a body that is not JSON', async () => {
    const server = await startServer();
    const result = await post(server, '/api/bookings', '{oops', { 'Idempotency-Key': 'k' });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('invalid_request');
  });
});
