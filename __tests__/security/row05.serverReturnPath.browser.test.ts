/** @jest-environment node */
/**
 * Issue 10, row 5 (the server's half) in Chromium: the bank page opened with a hostile
 * `?return=` (a backslash, or a tab the browser strips) and approved. The attack fails when the
 * browser lands on the path stored at confirm, on the server's own origin.
 */
import type { PaymentSnapshot } from '../../server/wireTypes';
import { describeInBrowser } from '../browser/browserHarness';
import { createFirmBooking, post } from '../server/demoServerHarness';

describeInBrowser(__filename, { processingDelayMs: 50 }, (suite) => {
  test.each(['/\\evil.example/', '/\t/evil.example/'])(
    'row 5: Approve on a bank page opened with ?return=%j lands on the stored path',
    async (evil) => {
      const server = suite.server();
      const { paymentId } = (await createFirmBooking(server)).payment;
      const challenged = await post<PaymentSnapshot>(
        server,
        `/api/payments/${paymentId}/confirm`,
        { paymentMethodId: 'pm_card_3ds', returnPath: '/returned-here?from=bank' },
        { 'Idempotency-Key': `row5-${Math.random()}:1` },
      );
      const url = new URL(challenged.body.nextAction?.url ?? '');
      url.searchParams.set('return', evil);
      const page = await suite.openPage();
      const visited: string[] = [];
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) visited.push(frame.url());
      });

      await page.goto(url.toString());
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.waitForURL((landed) => landed.pathname !== url.pathname, { timeout: 10_000 });

      const landed = new URL(page.url());
      // Every page the tab showed was on the server's origin: no evil.example, no error page.
      expect(visited.map((address) => new URL(address).origin)).toEqual(
        visited.map(() => server.url),
      );
      expect(landed.origin).toBe(server.url);
      expect(`${landed.pathname}${landed.search}`).toBe('/returned-here?from=bank');
    },
  );
});
