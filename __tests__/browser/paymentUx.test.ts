/** @jest-environment node */
import type { Page } from 'playwright-core';
import { describeInBrowser } from './browserHarness';
import {
  bookingDialog,
  listedStatuses,
  listedStatusTexts,
  openDemo,
  payWith,
  startFirmBooking,
  waitForStep,
} from './demoPage';

type WindowWithFocusLog = Window & { bodyFocusSightings?: number };

/** Samples the focused element every few ms and every frame; counts the times it is <body>. */
async function countFocusOnBody(page: Page): Promise<void> {
  await page.evaluate(() => {
    const win = window as WindowWithFocusLog;
    win.bodyFocusSightings = 0;
    const sample = () => {
      if (document.activeElement === document.body || document.activeElement === null) {
        win.bodyFocusSightings = (win.bodyFocusSightings ?? 0) + 1;
      }
    };
    setInterval(sample, 4);
    const frame = () => {
      sample();
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

const focusedText = (page: Page) =>
  page.evaluate(
    () => `${document.activeElement?.tagName ?? ''}: ${document.activeElement?.textContent ?? ''}`,
  );

describeInBrowser(__filename, { processingDelayMs: 400 }, (suite) => {
  test('after Pay, focus moves from step heading to step heading and never falls to <body>', async () => {
    const page = await suite.openPage();
    await openDemo(page, suite.server());
    await startFirmBooking(page);
    await countFocusOnBody(page);

    await payWith(page, 'pm_card_visa');
    await waitForStep(page, 'Payment complete');

    expect(await focusedText(page)).toBe('H3: Payment complete');
    expect(await page.evaluate(() => (window as WindowWithFocusLog).bodyFocusSightings)).toBe(0);
  });

  test('"Your bookings" says each status in words, and a paid booking is still listed after a reload', async () => {
    const page = await suite.openPage();
    await openDemo(page, suite.server());
    await startFirmBooking(page);
    await payWith(page, 'pm_card_visa');
    await waitForStep(page, 'Payment complete');
    await bookingDialog(page).getByRole('button', { name: 'Close' }).click();
    expect(await listedStatusTexts(page)).toEqual(['Paid and confirmed']);

    await page.reload();
    await page.getByText('Live updates: connected').waitFor();
    expect(await listedStatuses(page)).toEqual(['succeeded']);
    expect(await listedStatusTexts(page)).toEqual(['Paid and confirmed']);
    expect(await page.getByRole('region', { name: 'Your bookings' }).textContent()).toContain(
      'Amber meeting room',
    );
  });

  test('the payment step says which test card does what, as the test-card table does', async () => {
    const page = await suite.openPage();
    await openDemo(page, suite.server());
    await startFirmBooking(page);
    const declines = bookingDialog(page).getByRole('radio', { name: 'Visa ending in 0002' });
    expect(await declines.getAttribute('aria-describedby')).not.toBeNull();
    const described = await declines.evaluate(
      (radio) => document.getElementById(radio.getAttribute('aria-describedby') ?? '')?.textContent,
    );
    expect(described).toBe('pm_card_declined: Is declined');
    expect(
      await page
        .getByRole('row', { name: /Visa ending in 0002 \(pm_card_declined\) Is declined/ })
        .count(),
    ).toBe(1);
  });
});
