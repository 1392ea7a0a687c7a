/** @jest-environment node */
import type { Page } from 'playwright-core';
import { describeInBrowser } from './browserHarness';
import { listedStatuses, openDemo, waitForStep } from './demoPage';

/** The focused element's accessible-ish name: its label's text for inputs, else its text. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return '';
    const label = 'labels' in element ? (element as HTMLInputElement).labels?.[0] : undefined;
    return `${element.tagName}:${(label ?? element).textContent.trim()}`;
  });
}

/** Presses Tab until the focused element is `wanted`; fails if it is not reached in `max`. */
async function tabTo(page: Page, wanted: string, max = 15): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < max; i += 1) {
    const now = await focused(page);
    if (now === wanted) return;
    seen.push(now);
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${wanted}; saw ${seen.join(' | ')}`);
}

let day = 0;

/** Fills the booking form from the keyboard: a resource by arrow key, a start typed segment by segment. */
async function bookByKeyboard(page: Page): Promise<void> {
  await tabTo(page, 'BUTTON:New booking');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'Book a resource' }).waitFor();
  expect(await focused(page)).toBe('SELECT:Resource');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('INPUT:Start');
  day += 1;
  // en-US segments: month, day, year, hour, minute, AM/PM; each advances when full.
  await page.keyboard.type(`04${String(day + 10).padStart(2, '0')}2031`);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type('1000A');
  await tabTo(page, 'BUTTON:Confirm booking');
  await page.keyboard.press('Enter');
}

describeInBrowser(__filename, { processingDelayMs: 300 }, (suite) => {
  test('keyboard only: book and pay, then book and cancel with the confirmation', async () => {
    const page = await suite.openPage();
    await openDemo(page, suite.server());

    await bookByKeyboard(page);
    await waitForStep(page, 'Pay for your booking');
    expect(await focused(page)).toBe('H3:Pay for your booking');
    await tabTo(page, 'BUTTON:Pay €50.00');
    await page.keyboard.press('Enter');
    await waitForStep(page, 'Payment complete');
    expect(await focused(page)).toBe('H3:Payment complete');
    await page.keyboard.press('Escape');
    expect(await focused(page)).toBe('BUTTON:New booking');

    await bookByKeyboard(page);
    await waitForStep(page, 'Pay for your booking');
    await tabTo(page, 'BUTTON:Cancel booking…');
    await page.keyboard.press('Enter');
    // The question takes focus on its safe answer; the destructive one is one Tab further.
    expect(await focused(page)).toBe('BUTTON:Keep booking');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('BUTTON:Yes, cancel booking');
    await page.keyboard.press('Enter');
    await waitForStep(page, 'Booking cancelled');
    expect(await focused(page)).toBe('H3:Booking cancelled');

    await page.keyboard.press('Escape');
    expect((await listedStatuses(page)).sort()).toEqual(['cancelled', 'succeeded']);
    expect(suite.statsSinceTestStart()).toMatchObject({ bookingsCreated: 2, paymentsConfirmed: 1 });
  });
});
