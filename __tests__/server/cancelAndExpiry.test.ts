/** @jest-environment node */
import type { PaymentSnapshot } from '../../server/wireTypes';
import {
  authenticate,
  confirm,
  createFirmBooking,
  demoServersClosedAfterEach,
  get,
  post,
  waitForPaymentStatus,
} from './demoServerHarness';

const startServer = demoServersClosedAfterEach();

interface CancelResult {
  bookingId: string;
  status: string;
}

describe('POST /api/bookings/:bookingId/cancel', () => {
  it('releases the hold and cancels the payment, and says so again on repeat', async () => {
    const server = await startServer();
    const booking = await createFirmBooking(server);
    const path = `/api/bookings/${booking.bookingId}/cancel`;

    const first = await post<CancelResult>(server, path, undefined);
    const second = await post<CancelResult>(server, path, undefined);

    expect(first.status).toBe(200);
    expect(first.body).toEqual({ bookingId: booking.bookingId, status: 'cancelled' });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const payment = await get<PaymentSnapshot>(
      server,
      `/api/payments/${booking.payment.paymentId}`,
    );
    expect(payment.body).toMatchObject({ status: 'cancelled', seq: 2 });
  });

  it('cancels a payment waiting for 3-D Secure; the challenge can no longer be answered', async () => {
    const server = await startServer();
    const booking = await createFirmBooking(server);
    const { paymentId } = booking.payment;
    await confirm(server, paymentId, 'pm_card_3ds');

    await post(server, `/api/bookings/${booking.bookingId}/cancel`, undefined);
    const late = await authenticate(server, paymentId, 'approve');

    expect(server.store.payments.get(paymentId)?.status).toBe('cancelled');
    expect(late.status).toBe(409);
  });

  it('refuses while the payment is processing, and after it succeeded', async () => {
    const server = await startServer({ processingDelayMs: 100 });
    const booking = await createFirmBooking(server);
    const path = `/api/bookings/${booking.bookingId}/cancel`;
    await confirm(server, booking.payment.paymentId, 'pm_card_visa');

    const duringProcessing = await post(server, path, undefined);
    await waitForPaymentStatus(server, booking.payment.paymentId, 'succeeded');
    const afterSuccess = await post(server, path, undefined);

    expect(duringProcessing.status).toBe(409);
    expect(duringProcessing.body.error.code).toBe('booking_not_cancellable');
    expect(afterSuccess.status).toBe(409);
    expect(server.store.bookings.get(booking.bookingId)?.status).toBe('confirmed');
  });

  it('answers 404 for an unknown booking', async () => {
    const server = await startServer();
    const result = await post(server, '/api/bookings/bk_nope/cancel', undefined);
    expect([result.status, result.body.error.code]).toEqual([404, 'not_found']);
  });
});

describe('hold expiry', () => {
  it('expires the booking and its payment when the hold lapses unpaid', async () => {
    const server = await startServer({ holdMs: 100 });
    const booking = await createFirmBooking(server);

    const expired = await waitForPaymentStatus(server, booking.payment.paymentId, 'expired');

    expect(expired.seq).toBe(2);
    expect(server.store.bookings.get(booking.bookingId)?.status).toBe('expired');
    const cancel = await post<CancelResult>(
      server,
      `/api/bookings/${booking.bookingId}/cancel`,
      undefined,
    );
    expect(cancel.body).toEqual({ bookingId: booking.bookingId, status: 'expired' });
    const lateConfirm = await confirm(server, booking.payment.paymentId, 'pm_card_visa');
    expect(lateConfirm.status).toBe(409);
  });

  it('expires a declined payment too', async () => {
    const server = await startServer({ holdMs: 100 });
    const { paymentId } = (await createFirmBooking(server)).payment;
    await confirm(server, paymentId, 'pm_card_declined');
    const expired = await waitForPaymentStatus(server, paymentId, 'expired');
    expect(expired.failure).toBeUndefined();
  });

  it('lets a payment that is already processing finish after the hold time', async () => {
    const server = await startServer({ holdMs: 50, processingDelayMs: 200 });
    const booking = await createFirmBooking(server);
    await confirm(server, booking.payment.paymentId, 'pm_card_visa');

    await waitForPaymentStatus(server, booking.payment.paymentId, 'succeeded');

    expect(server.store.bookings.get(booking.bookingId)?.status).toBe('confirmed');
  });
});
