/** @jest-environment node */
/**
 * Issue 10, row 1: another user's payment. The attacker, signed in with their own token, reads
 * the victim's payment, confirms it, and approves its 3-D Secure. Each test is the attack; it
 * passes only if the attack fails: the attacker sees exactly what an unknown id gets (404
 * not_found, no existence oracle) and the victim's payment is untouched.
 */
import type { PaymentSnapshot } from '../../server/wireTypes';
import { bearer, demoServersClosedAfterEach, get, post } from '../server/demoServerHarness';
import { ATTACKER, VICTIM, confirmAs, errorOf, firmBookingFor, withTwoUsers } from './twoUsers';

const startServer = demoServersClosedAfterEach();
const NOT_FOUND = { status: 404, code: 'not_found' };

describe('row 1: another user’s payment', () => {
  it('row 1: GET /api/payments/:id of another user is the 404 of an unknown id', async () => {
    const server = withTwoUsers(await startServer());
    const { paymentId } = (await firmBookingFor(server, VICTIM)).payment;

    const stolen = await get<PaymentSnapshot>(
      server,
      `/api/payments/${paymentId}`,
      bearer(ATTACKER),
    );
    const unknown = await get(server, '/api/payments/pay_00000000000000000000', bearer(ATTACKER));

    expect(errorOf(stolen)).toEqual(NOT_FOUND);
    expect(errorOf(unknown)).toEqual(NOT_FOUND);
    expect(stolen.body).not.toHaveProperty('status');
  });

  it('row 1: confirming another user’s payment is a 404 and charges nothing', async () => {
    const server = withTwoUsers(await startServer({ processingDelayMs: 50 }));
    const { paymentId } = (await firmBookingFor(server, VICTIM)).payment;

    const attack = await confirmAs(server, ATTACKER, paymentId, 'pm_card_visa');

    expect(errorOf(attack)).toEqual(NOT_FOUND);
    expect(server.store.payments.get(paymentId)).toMatchObject({
      status: 'awaitingPayment',
      seq: 1,
    });
    expect(server.stats().paymentsConfirmed).toBe(0);
  });

  it('row 1: approving another user’s 3-D Secure is a 404; the payment still waits for its owner', async () => {
    const server = withTwoUsers(await startServer({ processingDelayMs: 50 }));
    const { paymentId } = (await firmBookingFor(server, VICTIM)).payment;
    const challenged = await confirmAs(server, VICTIM, paymentId, 'pm_card_3ds');
    expect(challenged.body.status).toBe('requiresAction');

    const path = `/api/payments/${paymentId}/authenticate`;
    const attacks = [
      await post(server, path, { outcome: 'approve' }, bearer(ATTACKER)),
      await post(server, path, { outcome: 'approve', challengeId: 'guessed' }, bearer(ATTACKER)),
    ];
    await new Promise((resolve) => setTimeout(resolve, 150));

    expect(attacks.map(errorOf)).toEqual([{ status: 400, code: 'invalid_request' }, NOT_FOUND]);
    expect(server.store.payments.get(paymentId)).toMatchObject({
      status: 'requiresAction',
      seq: 2,
    });
  });
});
