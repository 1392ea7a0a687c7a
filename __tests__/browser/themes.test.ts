/** @jest-environment node */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describeInBrowser } from './browserHarness';
import { bookingDialog, fillFirmBooking, payWith, waitForStep } from './demoPage';

/** Where the screenshots go; CI keeps this folder as an artifact. They are looked at, not compared. */
const SCREENSHOT_DIR = resolve(
  process.env.SCREENSHOT_DIR ?? join(__dirname, '../../artifacts/screenshots'),
);

const THEMES = {
  harbour: { primary: 'rgb(31, 95, 191)', page: 'rgb(243, 245, 249)' },
  midnight: { primary: 'rgb(242, 180, 65)', page: 'rgb(17, 21, 31)' },
} as const;
type Theme = keyof typeof THEMES;

async function openInTheme(page: Page, theme: Theme): Promise<void> {
  await page.setViewportSize({ width: 1100, height: 820 });
  await page.goto(`${serverUrl}/?theme=${theme}`);
  await page.getByText('Live updates: connected').waitFor();
}

let serverUrl = '';

const backgroundOf = (page: Page, name: string) =>
  bookingDialog(page)
    .getByRole('button', { name, exact: true })
    .evaluate((button) => getComputedStyle(button).backgroundColor);

async function shoot(page: Page, theme: Theme, step: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${theme}-${step}.png`) });
}

describeInBrowser(__filename, { processingDelayMs: 800 }, (suite) => {
  beforeAll(() => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  for (const theme of Object.keys(THEMES) as Theme[]) {
    test(`${theme}: the theme's custom properties style the modal; primary and secondary differ; every step shot`, async () => {
      serverUrl = suite.server().url;
      const page = await suite.openPage();
      await openInTheme(page, theme);
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
        THEMES[theme].page,
      );
      await shoot(page, theme, '1-page');

      const confirm = await fillFirmBooking(page);
      expect(await backgroundOf(page, 'Confirm booking')).toBe(THEMES[theme].primary);
      expect(await backgroundOf(page, 'Close')).not.toBe(THEMES[theme].primary);
      await shoot(page, theme, '2-booking-form');

      await confirm.click();
      await waitForStep(page, 'Pay for your booking');
      expect(await backgroundOf(page, 'Pay €50.00')).toBe(THEMES[theme].primary);
      await shoot(page, theme, '3-payment');

      await bookingDialog(page).getByRole('button', { name: 'Cancel booking…' }).click();
      await shoot(page, theme, '4-cancel-question');
      await bookingDialog(page).getByRole('button', { name: 'Keep booking' }).click();

      await payWith(page, 'pm_card_declined');
      await waitForStep(page, 'The payment failed');
      await shoot(page, theme, '5-failed');
      await bookingDialog(page).getByRole('button', { name: 'Try another card' }).click();
      await waitForStep(page, 'Pay for your booking');

      await payWith(page, 'pm_card_visa');
      await waitForStep(page, 'Processing your payment…');
      await shoot(page, theme, '6-processing');
      await waitForStep(page, 'Payment complete');
      await shoot(page, theme, '7-succeeded');
    });
  }

  test('the header picker switches the theme of the open page', async () => {
    serverUrl = suite.server().url;
    const page = await suite.openPage();
    await openInTheme(page, 'harbour');
    await page.getByLabel('Theme').selectOption('midnight');
    await fillFirmBooking(page);
    expect(await backgroundOf(page, 'Confirm booking')).toBe(THEMES.midnight.primary);
  });
});
