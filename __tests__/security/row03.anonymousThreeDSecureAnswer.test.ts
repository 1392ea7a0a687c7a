/** @jest-environment node */
/**
 * Issue 10, row 3: the 3-D Secure outcome with no credentials. Anyone who knows (or guesses) a
 * payment id posts `{"outcome":"deny"}` (or approve) to the authenticate endpoint or to the bank
 * page. The attack fails when only the one-time challenge id from the challenge URL answers the
 * challenge, once: without it, or with another, the answer is a 404 and the payment waits.
 */
import type { DemoServer } from '../../server/demoServer';
import type { PaymentSnapshot } from '../../server/wireTypes';
import { ANONYMOUS, demoServersClosedAfterEach, get, post } from '../server/demoServerHarness';
import { VICTIM, confirmAs, errorOf, firmBookingFor } from './twoUsers';

const startServer = demoServersClosedAfterEach();

async function challenged(server: DemoServer) {
  const { paymentId } = (await firmBookingFor(server, VICTIM)).payment;
  const answer = await confirmAs(server, VICTIM, paymentId, 'pm_card_3ds');
  expect(answer.body.status).toBe('requiresAction');
  return { paymentId, url: new URL(answer.body.nextAction?.url ?? '') };
}

const authenticate = (server: DemoServer, paymentId: string, body: unknown) =>
  post<PaymentSnapshot>(server, `/api/payments/${paymentId}/authenticate`, body, ANONYMOUS);

function bankForm(server: DemoServer, paymentId: string, fields: Record<string, string>) {
  return fetch(`${server.url}/3ds/${paymentId}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

describe('row 3: the 3-D Secure outcome with no credentials', () => {
  it('row 3: an anonymous deny without the challenge id is refused; the payment still waits', async () => {
    const server = await startServer();
    const { paymentId } = await challenged(server);

    const bare = await authenticate(server, paymentId, { outcome: 'deny' });
    const guessed = await authenticate(server, paymentId, { outcome: 'deny', challengeId: 'x' });
    const form = await bankForm(server, paymentId, { outcome: 'deny' });
    const page = await fetch(`${server.url}/3ds/${paymentId}`);

    expect(bare.status).toBeGreaterThanOrEqual(400);
    expect(errorOf(guessed)).toEqual({ status: 404, code: 'not_found' });
    expect([form.status, page.status]).toEqual([404, 404]);
    expect(server.store.payments.get(paymentId)).toMatchObject({
      status: 'requiresAction',
      seq: 2,
    });
  });

  it('row 3: the challenge id of the URL answers once; a reused one is refused', async () => {
    const server = await startServer({ processingDelayMs: 10_000 });
    const { paymentId, url } = await challenged(server);
    const challengeId = url.searchParams.get('challenge') ?? '';

    const answered = await authenticate(server, paymentId, { outcome: 'approve', challengeId });
    const reused = await authenticate(server, paymentId, { outcome: 'deny', challengeId });

    expect(answered.body.status).toBe('processing');
    expect(errorOf(reused)).toEqual({ status: 409, code: 'payment_not_authenticatable' });
    expect(server.store.payments.get(paymentId)?.status).toBe('processing');
  });

  it('row 3: a challenge id stops working when a new confirm issues another', async () => {
    const server = await startServer();
    const first = await challenged(server);
    const oldId = first.url.searchParams.get('challenge') ?? '';
    await authenticate(server, first.paymentId, { outcome: 'deny', challengeId: oldId });
    await confirmAs(server, VICTIM, first.paymentId, 'pm_card_3ds');

    const stale = await authenticate(server, first.paymentId, {
      outcome: 'approve',
      challengeId: oldId,
    });

    expect(errorOf(stale)).toEqual({ status: 404, code: 'not_found' });
    const current = await get<PaymentSnapshot>(server, `/api/payments/${first.paymentId}`);
    expect(current.body.status).toBe('requiresAction');
  });
});
