/** @jest-environment node */
/**
 * Issue 10, row 6 in Chromium: a compromised backend answers Pay with 3-D Secure at
 * `javascript:…` (or a plain-HTTP page elsewhere). The attack fails when no script runs in the
 * shop's page, the page never leaves its origin, and the flow fails with a clear error instead.
 */
import { describeInBrowser } from '../browser/browserHarness';
import { openDemo, payWith, startFirmBooking, waitForStoredFlow } from '../browser/demoPage';

describeInBrowser(__filename, {}, (suite) => {
  afterEach(() => {
    suite.server().faults.forgeNextActionUrl(undefined);
  });

  test.each([
    ['javascript:', "javascript:alert('pwned by the payment backend')"],
    ['plain HTTP to another host', 'http://evil.example/3ds'],
  ])('row 6: a %s nextAction.url is never followed', async (_, forged) => {
    const server = suite.server();
    const page = await suite.openPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const offSite: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url)) offSite.push(request.url());
    });
    server.faults.forgeNextActionUrl(forged);

    await openDemo(page, server);
    await startFirmBooking(page);
    await payWith(page, 'pm_card_3ds');
    const failed = await waitForStoredFlow(page, 'failed');

    expect(failed.error?.code).toBe('unsafe_redirect');
    expect(dialogs).toEqual([]);
    expect(offSite).toEqual([]);
    expect(new URL(page.url()).origin).toBe(server.url);
  });
});
