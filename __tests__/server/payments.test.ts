/** @jest-environment node */
import type { ErrorBody, PaymentSnapshot } from '../../server/wireTypes';
import {
  authenticate,
  confirm,
  createFirmBooking,
  get,
  post,
  recordPaymentChanges,
  demoServersClosedAfterEach,
  waitForPaymentStatus,
} from './demoServerHarness';

const startServer = demoServersClosedAfterEach();

describe('confirming a payment', () => {
  it('processes pm_card_visa, then settles it and confirms the booking', async () => {
    const server = await startServer({ processingDelayMs: 50 });
    const booking = await createFirmBooking(server);
    const { paymentId } = booking.payment;

    const confirmed = await confirm(server, paymentId, 'pm_card_visa');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ paymentId, status: 'processing', seq: 2 });

    const settled = await waitForPaymentStatus(server, paymentId, 'succeeded');
    expect(settled.seq).toBe(3);
    expect(server.store.bookings.get(booking.bookingId)?.status).toBe('confirmed');
    const fetched = await get<PaymentSnapshot>(server, `/api/payments/${paymentId}`);
    expect(fetched.body).toEqual(settled);
  });

  it('fails pm_card_declined retriably, and a retry with pm_card_visa succeeds', async () => {
    const server = await startServer({ processingDelayMs: 50 });
    const { paymentId } = (await createFirmBooking(server)).payment;

    const declined = await confirm(server, paymentId, 'pm_card_declined', 'flow-1:1');
    expect(declined.body).toMatchObject({
      status: 'failed',
      failure: { code: 'card_declined', message: 'Your card was declined.', retriable: true },
    });

    const retried = await confirm(server, paymentId, 'pm_card_visa', 'flow-1:2');
    expect(retried.body.status).toBe('processing');
    expect(retried.body.failure).toBeUndefined();
    await waitForPaymentStatus(server, paymentId, 'succeeded');
  });

  it('asks for 3-D Secure with pm_card_3ds; approval settles the payment', async () => {
    const server = await startServer({ processingDelayMs: 50 });
    const { paymentId } = (await createFirmBooking(server)).payment;

    const challenged = await confirm(server, paymentId, 'pm_card_3ds');
    const challengeId = server.store.challenges.current(paymentId)?.challengeId ?? '';
    expect(challengeId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(challenged.body).toMatchObject({
      status: 'requiresAction',
      nextAction: {
        type: 'redirectToUrl',
        url: `${server.url}/3ds/${paymentId}?challenge=${challengeId}`,
      },
    });

    const approved = await authenticate(server, paymentId, 'approve', challengeId);
    expect(approved.body.status).toBe('processing');
    expect(approved.body.nextAction).toBeUndefined();
    await waitForPaymentStatus(server, paymentId, 'succeeded');
  });

  it('fails the payment when 3-D Secure is denied', async () => {
    const server = await startServer();
    const { paymentId } = (await createFirmBooking(server)).payment;
    await confirm(server, paymentId, 'pm_card_3ds');

    const denied = await authenticate(server, paymentId, 'deny');

    expect(denied.body).toMatchObject({
      status: 'failed',
      failure: { code: 'authentication_failed', retriable: true },
    });
  });

  it('only authenticates a payment that requires action', async () => {
    const server = await startServer();
    const { paymentId } = (await createFirmBooking(server)).payment;
    const { challengeId } = server.store.challenges.issue(paymentId, '/');
    const result = await authenticate(server, paymentId, 'approve', challengeId);
    expect(result.status).toBe(409);
    expect((result.body as unknown as ErrorBody).error.code).toBe('payment_not_authenticatable');
  });

  it('keeps pm_card_slow processing until the slow delay passes', async () => {
    const server = await startServer({ processingDelayMs: 10, slowProcessingDelayMs: 300 });
    const { paymentId } = (await createFirmBooking(server)).payment;
    await confirm(server, paymentId, 'pm_card_slow');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.store.payments.get(paymentId)?.status).toBe('processing');
    await waitForPaymentStatus(server, paymentId, 'succeeded');
  });

  it('announces every change with a strictly increasing seq', async () => {
    const server = await startServer({ processingDelayMs: 20 });
    const changes = recordPaymentChanges(server);
    const { paymentId } = (await createFirmBooking(server)).payment;
    await confirm(server, paymentId, 'pm_card_declined', 'f:1');
    await confirm(server, paymentId, 'pm_card_3ds', 'f:2');
    await authenticate(server, paymentId, 'approve');
    await waitForPaymentStatus(server, paymentId, 'succeeded');

    expect(changes.map((change) => [change.status, change.seq])).toEqual([
      ['awaitingPayment', 1],
      ['failed', 2],
      ['requiresAction', 3],
      ['processing', 4],
      ['succeeded', 5],
    ]);
    const times = changes.map((change) => change.occurredAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('refuses to confirm a payment that is already settled', async () => {
    const server = await startServer({ processingDelayMs: 10 });
    const { paymentId } = (await createFirmBooking(server)).payment;
    await confirm(server, paymentId, 'pm_card_visa');
    await waitForPaymentStatus(server, paymentId, 'succeeded');

    const again = await post(
      server,
      `/api/payments/${paymentId}/confirm`,
      { paymentMethodId: 'pm_card_visa' },
      { 'Idempotency-Key': 'another-flow:1' },
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('payment_not_confirmable');
  });

  it('rejects an unknown payment method and an unknown payment', async () => {
    const server = await startServer();
    const { paymentId } = (await createFirmBooking(server)).payment;
    const badMethod = await post(
      server,
      `/api/payments/${paymentId}/confirm`,
      { paymentMethodId: 'pm_card_mastercard' },
      { 'Idempotency-Key': 'f:1' },
    );
    const unknown = await post(
      server,
      '/api/payments/pay_nope/confirm',
      { paymentMethodId: 'pm_card_visa' },
      { 'Idempotency-Key': 'g:1' },
    );

    expect([badMethod.status, badMethod.body.error.code]).toEqual([400, 'invalid_payment_method']);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
    expect((await get(server, '/api/payments/pay_nope')).status).toBe(404);
    expect(server.stats().paymentsConfirmed).toBe(0);
  });

  it('still answers when a change listener throws', async () => {
    const server = await startServer();
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    server.store.payments.onPaymentChange(() => {
      throw new Error('listener bug');
    });
    const { paymentId } = (await createFirmBooking(server)).payment;

    const declined = await confirm(server, paymentId, 'pm_card_declined');

    expect(declined.body.status).toBe('failed');
    expect(consoleError).toHaveBeenCalled();
    consoleError.mockRestore();
  });
});
