/** @jest-environment node */
import { describeInBrowser } from './browserHarness';
import { bookingDialog, openDemo, payWith, startFirmBooking, waitForStep } from './demoPage';

describeInBrowser(
  __filename,
  { processingDelayMs: 300, slowProcessingDelayMs: 60_000 },
  (suite) => {
    test('the booking system unreachable while the browser is online: the banner does not say "You are offline"', async () => {
      const page = await suite.openPage();
      const server = suite.server();
      await openDemo(page, server);
      await startFirmBooking(page);
      await payWith(page, 'pm_card_slow');
      await waitForStep(page, 'Processing your payment…');

      await server.stopRealtime();
      try {
        const banner = bookingDialog(page).getByRole('status', { name: 'Connection' });
        await banner.getByText(/Reconnecting/).waitFor();
        // Past a few failed reconnects the banner gives up saying "Reconnecting…".
        await banner.getByText(/Reconnecting/).waitFor({ state: 'detached', timeout: 30_000 });
        expect(await page.evaluate(() => navigator.onLine)).toBe(true);
        const said = await banner.textContent();
        expect(said).not.toContain('You are offline');
        expect(said).toContain('Your payment is safe');
      } finally {
        await server.startRealtime();
      }
    });
  },
);
