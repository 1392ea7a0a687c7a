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

interface StatusSighting {
  /** ms since the document's navigation start (`performance.now()`). */
  at: number;
  status: string;
}

type WindowWithSightings = Window & { flowStatusSightings?: StatusSighting[] };

/** From the start of every document: each status "Your bookings" shows, with its time. */
async function recordListedStatuses(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: StatusSighting[] = [];
    (window as WindowWithSightings).flowStatusSightings = log;
    new MutationObserver(() => {
      const status = document
        .querySelector('[data-testid="flow-status"]')
        ?.getAttribute('data-status');
      if (status && log.at(-1)?.status !== status) log.push({ at: performance.now(), status });
    }).observe(document, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  });
}

/** Resolves with the first sighting of one of `statuses` in the current document. */
async function firstSighting(page: Page, statuses: string[]): Promise<StatusSighting> {
  const handle = await page.waitForFunction(
    (wanted) =>
      (window as WindowWithSightings).flowStatusSightings?.find((s) => wanted.includes(s.status)),
    statuses,
  );
  return (await handle.jsonValue()) as StatusSighting;
}

describeInBrowser(__filename, { processingDelayMs: 2500, slowProcessingDelayMs: 3000 }, (suite) => {
  test('a reload while processing resumes the flow: success, no second booking or charge', async () => {
    const page = await suite.openPage();
    await openDemo(page, suite.server());
    await startFirmBooking(page);
    await payWith(page, 'pm_card_slow');
    await waitForStep(page, 'Processing your payment…');
    // The page saves at most every 500 ms and not before it unloads: a reload sooner than that
    // loses the flow (a product bug, see the closing report). Reload once it is saved.
    await waitForStoredFlow(page, 'processing');

    await recordListedStatuses(page);
    await page.reload();
    const resumed = await firstSighting(page, ['processing', 'succeeded']);
    const sightings = await page.evaluate(
      () => (window as WindowWithSightings).flowStatusSightings,
    );
    const restored = sightings?.[0];
    console.log(
      `[reload-to-resume] ${resumed.at.toFixed(0)} ms from the reload's navigation start to ` +
        `"Your bookings" showing the flow as ${resumed.status} (its current status); first shown ` +
        `at ${restored?.at.toFixed(0) ?? '?'} ms as ${restored?.status ?? '?'}`,
    );
    expect(restored).toEqual(resumed);

    await page.getByRole('button', { name: 'Open' }).click();
    await waitForStep(page, 'Payment complete');
    expect(await listedStatuses(page)).toEqual(['succeeded']);
    expect(suite.statsSinceTestStart()).toMatchObject({ bookingsCreated: 1, paymentsConfirmed: 1 });
  });

  test('sockets dropped while processing: the banner says reconnecting, then success', async () => {
    const page = await suite.openPage();
    const server = suite.server();
    await openDemo(page, server);
    await startFirmBooking(page);
    await payWith(page, 'pm_card_visa');
    await waitForStep(page, 'Processing your payment…');

    const paused = server.pauseRealtime(1500);
    try {
      const banner = bookingDialog(page).getByRole('status', { name: 'Connection' });
      await banner.getByText(/Reconnecting/).waitFor();
      await waitForStep(page, 'Payment complete');
      await page.getByText('Live updates: connected').waitFor();
      expect(await banner.textContent()).toBe('');
    } finally {
      await paused;
    }
    expect(suite.statsSinceTestStart()).toMatchObject({ bookingsCreated: 1, paymentsConfirmed: 1 });
  });
});
