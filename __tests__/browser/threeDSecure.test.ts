/** @jest-environment node */
import type { Page } from 'playwright-core';
import { describeInBrowser } from './browserHarness';
import {
  bookingDialog,
  listedStatuses,
  localStorageDump,
  openDemo,
  payWith,
  startFirmBooking,
  waitForStep,
  waitForStoredFlow,
} from './demoPage';

/** What must never reach storage: card numbers, the session token, secrets, the bank's URL. */
const FORBIDDEN_IN_STORAGE = ['4242', 'demo-token', 'secret', '/3ds/'];

/**
 * Epoch-ms timestamps (13 digits) and random ids are stored legitimately and may contain "4242"
 * by chance (about 1 run in 100): mask them, so only a real leak of the card's digits matches.
 */
function maskIdsAndTimestamps(dump: string): string {
  return dump
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\b(bk|pay)_[0-9a-f]+\b/g, '$1_<id>')
    .replace(/\b\d{13}(\.\d+)?\b/g, '<epoch>');
}

function expectNothingSecret(dump: string): void {
  const masked = maskIdsAndTimestamps(dump);
  for (const forbidden of FORBIDDEN_IN_STORAGE) expect(masked).not.toContain(forbidden);
}

describeInBrowser(__filename, { processingDelayMs: 300 }, (suite) => {
  async function startThreeDSecure(page: Page) {
    await openDemo(page, suite.server());
    await startFirmBooking(page);
    await payWith(page, 'pm_card_3ds');
    await waitForStep(page, 'Confirm with your bank');
    return waitForStoredFlow(page, 'requiresAction');
  }

  test('3-D Secure: challenge page, Approve, back on the app on the same flow, succeeded', async () => {
    const page = await suite.openPage();
    const visited: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) visited.push(frame.url());
    });
    const flow = await startThreeDSecure(page);

    await bookingDialog(page).getByRole('button', { name: 'Continue to 3-D Secure' }).click();
    await page.waitForURL((url) => url.pathname === `/3ds/${flow.paymentId ?? ''}`);
    await page.getByRole('button', { name: 'Approve' }).click();

    await page.waitForURL((url) => url.pathname === '/');
    await page.waitForFunction(() => !window.location.search.includes('payment_flow'));
    expect(new URL(page.url()).search).toBe('');
    expect(visited).toContain(`${suite.server().url}/?payment_flow=${flow.flowId}`);
    // The dialog opened by itself on the returning flow, which the page resumed from storage.
    await waitForStep(page, 'Payment complete');
    expect(await listedStatuses(page)).toEqual(['succeeded']);
    expect(suite.server().store.payments.get(flow.paymentId ?? '')?.status).toBe('succeeded');
    expect(suite.statsSinceTestStart()).toMatchObject({ bookingsCreated: 1, paymentsConfirmed: 1 });
  });

  test('localStorage holds no card data, token, secret or 3-D Secure URL', async () => {
    const page = await suite.openPage();
    await startThreeDSecure(page);
    // The flow has its redirect URL (nextAction) in memory: the button is usable.
    const continueButton = bookingDialog(page).getByRole('button', {
      name: 'Continue to 3-D Secure',
    });
    expect(await continueButton.isEnabled()).toBe(true);
    const whileWaiting = await localStorageDump(page);
    expect(whileWaiting).toContain('requiresAction');
    expectNothingSecret(whileWaiting);

    // The store flushes before leaving for the bank; read storage again from the bank's page.
    await continueButton.click();
    await page.waitForURL((url) => url.pathname.startsWith('/3ds/'));
    const beforeChallenge = await localStorageDump(page);
    expect(beforeChallenge).toContain('requiresAction');
    expectNothingSecret(beforeChallenge);
  });
});
