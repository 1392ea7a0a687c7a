/** @jest-environment node */
import type { Page } from 'playwright-core';
import { describeInBrowser } from './browserHarness';
import {
  bookingDialog,
  listedStatuses,
  openDemo,
  payWith,
  startFirmBooking,
  waitForStep,
  waitForStoredFlow,
} from './demoPage';

/** The slow card stays processing for a minute: long enough to restart the server under it. */
describeInBrowser(
  __filename,
  { processingDelayMs: 300, slowProcessingDelayMs: 60_000 },
  (suite) => {
    async function waitingForTheBank(page: Page) {
      await openDemo(page, suite.server());
      await startFirmBooking(page);
      await payWith(page, 'pm_card_3ds');
      await waitForStep(page, 'Confirm with your bank');
      return waitForStoredFlow(page, 'requiresAction');
    }

    /** Reopens the flow from "Your bookings" and goes on to the bank: the button must be usable. */
    async function continueToTheBank(page: Page, paymentId: string) {
      await page.getByRole('button', { name: 'Open' }).click();
      await waitForStep(page, 'Confirm with your bank');
      await bookingDialog(page).getByRole('button', { name: 'Continue to 3-D Secure' }).click();
      await page.waitForURL((url) => url.pathname === `/3ds/${paymentId}`);
    }

    test('3-D Secure after a reload: the flow gets its bank URL back and the user can go on', async () => {
      const page = await suite.openPage();
      const flow = await waitingForTheBank(page);

      await page.reload();
      await page.getByText('Live updates: connected').waitFor();

      await continueToTheBank(page, flow.paymentId ?? '');
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      await waitForStep(page, 'Payment complete');
      expect(suite.statsSinceTestStart()).toMatchObject({
        bookingsCreated: 1,
        paymentsConfirmed: 1,
      });
    });

    test("3-D Secure after the bank page and the browser's Back button: the user can go on", async () => {
      const page = await suite.openPage();
      const flow = await waitingForTheBank(page);
      await bookingDialog(page).getByRole('button', { name: 'Continue to 3-D Secure' }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/3ds/'));

      await page.goBack();
      await page.getByText('Live updates: connected').waitFor();

      await continueToTheBank(page, flow.paymentId ?? '');
    });

    test('a server restart during processing: the page leaves "Processing" within 30 s, explained', async () => {
      const page = await suite.openPage();
      await openDemo(page, suite.server());
      await startFirmBooking(page);
      await payWith(page, 'pm_card_slow');
      await waitForStep(page, 'Processing your payment…');
      await waitForStoredFlow(page, 'processing');
      const restartedAt = Date.now();

      const server = await suite.restartServer();

      await bookingDialog(page)
        .getByRole('heading', { name: 'The payment failed' })
        .waitFor({ timeout: 30_000 });
      const leftProcessingAfterMs = Date.now() - restartedAt;
      console.log(
        `[restart] the page left "Processing" ${leftProcessingAfterMs} ms after the restart`,
      );
      expect(await bookingDialog(page).getByRole('alert').textContent()).toContain(
        'no longer knows this payment',
      );
      expect(await listedStatuses(page)).toEqual(['failed']);
      expect(server.stats()).toMatchObject({ bookingsCreated: 0, confirmRequests: 0 });
    });
  },
);
