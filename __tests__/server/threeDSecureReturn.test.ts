/** @jest-environment node */
import type { PaymentSnapshot } from '../../server/wireTypes';
import { createFirmBooking, demoServersClosedAfterEach, post } from './demoServerHarness';

const startServer = demoServersClosedAfterEach();

const confirm3ds = (paymentId: string, returnPath: string, key: string) => ({
  path: `/api/payments/${paymentId}/confirm`,
  body: { paymentMethodId: 'pm_card_3ds', returnPath },
  headers: { 'Idempotency-Key': key },
});

describe('the 3-D Secure return path', () => {
  it('is carried by the challenge URL, and the page sends the user back to it', async () => {
    const server = await startServer();
    const { paymentId } = (await createFirmBooking(server)).payment;
    const request = confirm3ds(paymentId, '/?payment_flow=flow-1', 'flow-1:1');

    const { body } = await post<PaymentSnapshot>(
      server,
      request.path,
      request.body,
      request.headers,
    );
    const challengeUrl = new URL(body.nextAction?.url ?? '');
    const page = await (await fetch(challengeUrl)).text();

    expect(challengeUrl.searchParams.get('return')).toBe('/?payment_flow=flow-1');
    expect(page).toContain('location.href = returnPath');
  });

  it.each(['https://evil.example/', '//evil.example/x', 'javascript:alert(1)'])(
    'refuses %s: never an open redirect',
    async (returnPath) => {
      const server = await startServer();
      const { paymentId } = (await createFirmBooking(server)).payment;
      const request = confirm3ds(paymentId, returnPath, 'flow-2:1');

      const answer = await post(server, request.path, request.body, request.headers);

      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('invalid_request');
    },
  );
});
