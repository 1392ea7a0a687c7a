/** @jest-environment node */
/**
 * Issue 10, row 5 (the server's half): a return path such as `/\evil.example/` passed the old
 * `/…, never //…` rule, in confirm's `returnPath` and in the bank page's `?return=`, and the
 * browser then went to `http://evil.example/`. The attack fails when confirm refuses every such
 * path and the bank page sends the user only to the path stored at confirm, whatever its own URL
 * says. (The same attack in Chromium: row05.serverReturnPath.browser.test.ts.)
 */
import { demoServersClosedAfterEach } from '../server/demoServerHarness';
import { VICTIM, confirmAs, errorOf, firmBookingFor } from './twoUsers';

const startServer = demoServersClosedAfterEach();

export const EVIL_RETURN_PATHS = [
  '/\\evil.example/',
  '/\\/evil.example/',
  '/%09/evil.example/',
  '/%0A/evil.example/',
  '/%0d/evil.example/',
  '/%5C/evil.example/',
  '/\t/evil.example/',
  '/\n/evil.example/',
  '//evil.example/',
  'https://evil.example/',
  'javascript:alert(document.domain)',
];

describe('row 5 (server): the 3-D Secure return path', () => {
  it.each(EVIL_RETURN_PATHS)(
    'row 5: confirm refuses the returnPath %j with 400 invalid_request',
    async (returnPath) => {
      const server = await startServer();
      const { paymentId } = (await firmBookingFor(server, VICTIM)).payment;

      const attack = await confirmAs(server, VICTIM, paymentId, 'pm_card_3ds', { returnPath });

      expect(errorOf(attack)).toEqual({ status: 400, code: 'invalid_request' });
      expect(server.store.payments.get(paymentId)?.status).toBe('awaitingPayment');
    },
  );

  it.each(EVIL_RETURN_PATHS)(
    'row 5: the bank page ignores ?return=%j and redirects to the stored path',
    async (evil) => {
      const server = await startServer();
      const { paymentId } = (await firmBookingFor(server, VICTIM)).payment;
      const challenged = await confirmAs(server, VICTIM, paymentId, 'pm_card_3ds', {
        returnPath: '/?payment_flow=flow-1',
      });
      const url = new URL(challenged.body.nextAction?.url ?? '');
      url.searchParams.set('return', evil);
      const page = await (await fetch(url)).text();

      const answered = await fetch(`${server.url}/3ds/${paymentId}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          challenge: url.searchParams.get('challenge') ?? '',
          outcome: 'approve',
          return: evil,
        }).toString(),
        redirect: 'manual',
      });

      expect(page).not.toContain('evil.example');
      expect(answered.status).toBe(303);
      expect(answered.headers.get('Location')).toBe('/?payment_flow=flow-1');
    },
  );
});
