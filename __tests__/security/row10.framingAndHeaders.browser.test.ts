/** @jest-environment node */
/**
 * Issue 10, row 10 in Chromium: a page of another origin frames the bank page (`/3ds/…`) to
 * trick the user into clicking Approve. The attack fails when Chromium refuses to render the
 * bank page in the frame: no Approve button exists in any frame of the attacker's page.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PaymentSnapshot } from '../../server/wireTypes';
import { describeInBrowser } from '../browser/browserHarness';
import { createFirmBooking, post } from '../server/demoServerHarness';

/** The attacker's site: one page that frames `target` full-size. */
async function framingSite(target: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Win a prize</title>
<p>Click the button to claim your prize!</p>
<iframe id="bank" src="${target}" width="600" height="400"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // `localhost`, not `127.0.0.1`: another host, so plainly another origin than the demo server.
  return { url: `http://localhost:${port}/`, server };
}

describeInBrowser(__filename, {}, (suite) => {
  test('row 10: another origin framing /3ds/… gets no clickable Approve button', async () => {
    const demo = suite.server();
    const { paymentId } = (await createFirmBooking(demo)).payment;
    const challenged = await post<PaymentSnapshot>(
      demo,
      `/api/payments/${paymentId}/confirm`,
      { paymentMethodId: 'pm_card_3ds' },
      { 'Idempotency-Key': `row10-${Math.random()}:1` },
    );
    const bankUrl = challenged.body.nextAction?.url ?? '';
    const attacker = await framingSite(bankUrl);
    try {
      const page = await suite.openPage();
      await page.goto(attacker.url, { waitUntil: 'load' });
      // The frame has finished whatever it was allowed to do once the page's load fired.
      const frames = page.frames().filter((frame) => frame !== page.mainFrame());
      const approveButtons = await Promise.all(
        frames.map((frame) => frame.getByRole('button', { name: 'Approve' }).count()),
      );

      expect(frames).toHaveLength(1);
      expect(approveButtons).toEqual([0]);
      expect(frames[0]?.url()).not.toBe(bankUrl);
      expect(demo.store.payments.get(paymentId)?.status).toBe('requiresAction');
    } finally {
      // Chromium keeps its connection alive; close it, or close() waits for it.
      attacker.server.closeAllConnections();
      await new Promise((resolve) => attacker.server.close(resolve));
    }
  });
});
