/** @jest-environment node */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describeInBrowser } from './browserHarness';
import { bookingDialog, fillFirmBooking, payWith, waitForStep } from './demoPage';

/** axe-core (a devDependency) scans every step of the modal in both demo themes. */
const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe on the dialog (or the page); returns its serious and critical findings. */
async function scan(page: Page, axe: string, selector: string): Promise<Finding[]> {
  // evaluate() is not subject to the page's CSP, unlike an injected <script>.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe);
  return page.evaluate(async (context) => {
    const { axe } = window as unknown as {
      axe: {
        run: (
          context: string,
          options: object,
        ) => Promise<{
          violations: {
            id: string;
            impact: string | null;
            help: string;
            nodes: { target: string[] }[];
          }[];
        }>;
      };
    };
    const result = await axe.run(context, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      }));
  }, selector);
}

describeInBrowser(__filename, { processingDelayMs: 700 }, (suite) => {
  test('the scan is not blind: a button planted without a name is reported', async () => {
    const page = await suite.openPage();
    await page.goto(suite.server().url);
    await fillFirmBooking(page);
    await page.evaluate(() => {
      document.querySelector('[role="dialog"]')?.append(document.createElement('button'));
    });
    expect((await scan(page, axe, '[role="dialog"]')).map((finding) => finding.id)).toEqual([
      'button-name',
    ]);
  });

  for (const theme of ['harbour', 'midnight'] as const) {
    test(`${theme}: every step of the modal has no serious or critical axe violation`, async () => {
      const page = await suite.openPage();
      await page.goto(`${suite.server().url}/?theme=${theme}`);
      await page.getByText('Live updates: connected').waitFor();
      const summary: string[] = [];
      const findings: Record<string, Finding[]> = {};
      async function check(step: string, selector = '[role="dialog"]') {
        const found = await scan(page, axe, selector);
        findings[step] = found;
        summary.push(`${step}: ${found.length}`);
      }

      await check('page', 'body');
      const confirm = await fillFirmBooking(page);
      await check('booking form');
      await confirm.click();
      await waitForStep(page, 'Pay for your booking');
      await check('payment');
      await bookingDialog(page).getByRole('button', { name: 'Cancel booking…' }).click();
      await check('cancel question');
      await bookingDialog(page).getByRole('button', { name: 'Keep booking' }).click();
      await payWith(page, 'pm_card_declined');
      await waitForStep(page, 'The payment failed');
      await check('failed');
      await bookingDialog(page).getByRole('button', { name: 'Try another card' }).click();
      await waitForStep(page, 'Pay for your booking');
      await payWith(page, 'pm_card_3ds');
      await waitForStep(page, 'Confirm with your bank');
      await check('3-D Secure');
      await bookingDialog(page).getByRole('button', { name: 'Cancel booking…' }).click();
      await bookingDialog(page).getByRole('button', { name: 'Yes, cancel booking' }).click();
      await waitForStep(page, 'Booking cancelled');
      await check('cancelled');
      await bookingDialog(page).getByRole('button', { name: 'Close' }).click();

      await (await fillFirmBooking(page)).click();
      await waitForStep(page, 'Pay for your booking');
      await payWith(page, 'pm_card_visa');
      await waitForStep(page, 'Processing your payment…');
      await check('processing');
      await waitForStep(page, 'Payment complete');
      await check('succeeded');

      console.log(`[axe ${theme}] serious or critical violations per step: ${summary.join(', ')}`);
      expect(findings).toEqual(Object.fromEntries(Object.keys(findings).map((step) => [step, []])));
    });
  }
});
