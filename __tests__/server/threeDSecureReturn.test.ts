/** @jest-environment node */
import type { DemoServer } from '../../server/demoServer';
import type { PaymentSnapshot } from '../../server/wireTypes';
import {
  challengeIdIn,
  createFirmBooking,
  demoServersClosedAfterEach,
  post,
  waitForPaymentStatus,
} from './demoServerHarness';

const startServer = demoServersClosedAfterEach();

async function challengedPayment(server: DemoServer, returnPath: string | undefined) {
  const { paymentId } = (await createFirmBooking(server)).payment;
  const answer = await post<PaymentSnapshot>(
    server,
    `/api/payments/${paymentId}/confirm`,
    returnPath === undefined
      ? { paymentMethodId: 'pm_card_3ds' }
      : { paymentMethodId: 'pm_card_3ds', returnPath },
    { 'Idempotency-Key': `flow-${Math.random()}:1` },
  );
  return { paymentId, answer, url: answer.body.nextAction?.url ?? '' };
}

/** Submits the bank page's form as a browser would, without following the redirect. */
function submitChallenge(
  server: DemoServer,
  paymentId: string,
  fields: Record<string, string>,
): Promise<Response> {
  return fetch(`${server.url}/3ds/${paymentId}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

describe('the 3-D Secure return path', () => {
  it('is stored at confirm, and the page sends the user back to it, whatever its URL says', async () => {
    const server = await startServer();
    const { paymentId, url } = await challengedPayment(server, '/?payment_flow=flow-1');
    expect(new URL(url).searchParams.get('return')).toBeNull();

    const answered = await submitChallenge(server, paymentId, {
      challenge: challengeIdIn(url),
      outcome: 'approve',
      return: '//evil.example/',
    });

    expect(answered.status).toBe(303);
    expect(answered.headers.get('Location')).toBe('/?payment_flow=flow-1');
    await waitForPaymentStatus(server, paymentId, 'succeeded');
  });

  it('is the site root when the confirm gave none', async () => {
    const server = await startServer();
    const { paymentId, url } = await challengedPayment(server, undefined);
    const answered = await submitChallenge(server, paymentId, {
      challenge: challengeIdIn(url),
      outcome: 'deny',
    });
    expect(answered.headers.get('Location')).toBe('/');
  });

  it('sends a second answer back too, without changing the first', async () => {
    const server = await startServer();
    const { paymentId, url } = await challengedPayment(server, '/back');
    const fields = { challenge: challengeIdIn(url), outcome: 'deny' };
    await submitChallenge(server, paymentId, fields);

    const again = await submitChallenge(server, paymentId, { ...fields, outcome: 'approve' });
    const page = await (await fetch(url)).text();

    expect([again.status, again.headers.get('Location')]).toEqual([303, '/back']);
    expect(server.store.payments.get(paymentId)?.status).toBe('failed');
    expect(page).toContain('<a href="/back">Back to the shop</a>');
  });

  it.each([
    'https://evil.example/',
    '//evil.example/x',
    'javascript:alert(1)',
    '/\\evil.example/',
    '/\\/evil.example/',
    '/%09/evil.example/',
    '/%0A/evil.example/',
    '/%5Cevil.example/',
    '/\t/evil.example/',
    'relative/path',
  ])('refuses %j at confirm: never an open redirect', async (returnPath) => {
    const server = await startServer();
    const { answer } = await challengedPayment(server, returnPath);

    expect(answer.status).toBe(400);
    expect((answer.body as unknown as { error: { code: string } }).error.code).toBe(
      'invalid_request',
    );
  });
});

describe('the bank page', () => {
  it('names the amount and who is paid, as a real 3-D Secure page does', async () => {
    const server = await startServer();
    const { url } = await challengedPayment(server, undefined);
    const html = await (await fetch(url)).text();
    expect(html).toContain('€50.00');
    expect(html).toContain('the payment-flows demo shop');
  });
});
