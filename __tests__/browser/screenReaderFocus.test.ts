/** @jest-environment node */
import type { Page } from 'playwright-core';
import { describeInBrowser } from './browserHarness';
import { bookingDialog, METHOD_LABELS, openDemo, startFirmBooking, waitForStep } from './demoPage';

/** The focused element as a screen reader names it: tag and text. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return '';
    return `${element.tagName}:${element.getAttribute('role') ?? ''}:${(element.tagName === 'DIV' ? '' : element.textContent).trim()}`;
  });
}

describeInBrowser(__filename, { processingDelayMs: 1500 }, (suite) => {
  test('double-click on Pay with slow responses: focus still follows each step heading', async () => {
    const page = await suite.openPage();
    const server = suite.server();
    await openDemo(page, server);
    await startFirmBooking(page);
    server.faults.setResponseDelay(1000);
    try {
      const dialog = bookingDialog(page);
      await dialog.getByRole('radio', { name: METHOD_LABELS.pm_card_visa }).check();
      // The second press lands on the now-disabled Pay: Chromium focuses the dialog around it.
      await dialog.getByRole('button', { name: /^Pay / }).dblclick();
      await waitForStep(page, 'Processing your payment…');
      expect(await focused(page)).toBe('H3::Processing your payment…');
      await waitForStep(page, 'Payment complete');
      expect(await focused(page)).toBe('H3::Payment complete');
    } finally {
      server.faults.setResponseDelay(0);
    }
  });
});
