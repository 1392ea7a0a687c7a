/** @jest-environment node */
import type { Page } from 'playwright-core';
import { describeInBrowser } from './browserHarness';
import {
  bookingDialog,
  eventually,
  fillFirmBooking,
  listedStatuses,
  openDemo,
  payWith,
  startFirmBooking,
  storedFlows,
  waitForStep,
} from './demoPage';

/** Resolves once the shared localStorage lists these flowIds live, and no other. */
async function waitForStoredFlowIds(page: Page, flowIds: string[]): Promise<void> {
  await page.waitForFunction((wanted) => {
    const raw = localStorage.getItem('persist:payment-flows');
    if (raw === null) return false;
    const outer = JSON.parse(raw) as { paymentFlows: string };
    const { flows, saved } = JSON.parse(outer.paymentFlows) as {
      flows: { flowId: string }[];
      saved?: string[];
    };
    const ids = [...flows.map((flow) => flow.flowId), ...(saved ?? [])].sort();
    return JSON.stringify(ids) === JSON.stringify([...wanted].sort());
  }, flowIds);
}

/** The flowIds saved now, in no particular order. */
const storedIds = async (page: Page) => (await storedFlows(page)).map((flow) => flow.flowId);

describeInBrowser(__filename, { processingDelayMs: 300, slowProcessingDelayMs: 2_500 }, (suite) => {
  test('a flow started in a tab since closed survives the other tab’s writes and is paid there', async () => {
    const server = suite.server();
    const tabA = await suite.openPage();
    await openDemo(tabA, server);
    await startFirmBooking(tabA, 'room-amber');
    const [flowA] = await storedIds(tabA);
    if (flowA === undefined) throw new Error('tab A saved no flow');

    const tabB = await suite.openAnotherTab();
    await openDemo(tabB, server);
    await startFirmBooking(tabB, 'room-cedar');
    const flowB = (await storedIds(tabB)).find((flowId) => flowId !== flowA);
    if (flowB === undefined) throw new Error('tab B saved no flow of its own');
    await waitForStoredFlowIds(tabA, [flowA, flowB]);
    await tabB.close();

    await payWith(tabA, 'pm_card_visa');
    await waitForStep(tabA, 'Payment complete');
    // A's write of its finished flow (which leaves the saved list) is what used to drop B's.
    await waitForStoredFlowIds(tabA, [flowB]);

    await tabA.reload();
    await tabA.getByText('Live updates: connected').waitFor();
    expect((await listedStatuses(tabA)).sort()).toEqual(['awaitingPayment', 'succeeded']);
    const rowB = tabA.getByRole('listitem').filter({ hasText: 'Cedar studio' });
    await rowB.getByRole('button', { name: 'Open' }).click();
    await waitForStep(tabA, 'Pay for your booking');
    await payWith(tabA, 'pm_card_visa');
    await waitForStep(tabA, 'Payment complete');

    expect(suite.statsSinceTestStart()).toMatchObject({ bookingsCreated: 2, paymentsConfirmed: 2 });
    await waitForStoredFlowIds(tabA, []);
  });

  /** Resolves once the page lists exactly these statuses (in any order). */
  async function waitForListed(page: Page, statuses: string[]): Promise<void> {
    await page.waitForFunction((wanted) => {
      const listed = [...document.querySelectorAll('[data-testid="flow-status"]')]
        .map((element) => element.getAttribute('data-status') ?? '')
        .sort();
      return JSON.stringify(listed) === JSON.stringify([...wanted].sort());
    }, statuses);
  }

  /** The page's log lines that contain `text`, as they come. */
  function logLines(page: Page, text: string): string[] {
    const lines: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes(text)) lines.push(message.text());
    });
    return lines;
  }

  /** `POST .../cancel` and `.../confirm` requests the page sends. */
  function actionRequests(page: Page): string[] {
    const sent: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (request.method() === 'POST' && /\/(cancel|confirm)$/.test(path)) sent.push(path);
    });
    return sent;
  }

  async function openFlowIn(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Open' }).first().click();
  }

  test('a tab opened during processing shows the same flow, then its success; nothing is sent twice', async () => {
    const server = suite.server();
    const tabA = await suite.openPage();
    await openDemo(tabA, server);
    await startFirmBooking(tabA);
    await payWith(tabA, 'pm_card_slow');
    await waitForStep(tabA, /processing/i);

    const tabB = await suite.openAnotherTab();
    const sentByB = actionRequests(tabB);
    await openDemo(tabB, server);
    await waitForListed(tabB, ['processing']);
    await openFlowIn(tabB);
    await waitForStep(tabB, 'Payment complete');
    await waitForStep(tabA, 'Payment complete');
    expect(sentByB).toEqual([]);
    expect(suite.statsSinceTestStart()).toMatchObject({
      bookingsCreated: 1,
      paymentsConfirmed: 1,
      confirmRequests: 1,
    });
  });

  test('closing the driving tab mid-payment: the other tab takes the flow over and finishes it', async () => {
    const server = suite.server();
    const tabA = await suite.openPage();
    await openDemo(tabA, server);
    await startFirmBooking(tabA);
    const tabB = await suite.openAnotherTab();
    const takeovers = logLines(tabB, 'driven by this tab');
    await openDemo(tabB, server);
    await waitForListed(tabB, ['awaitingPayment']);

    await payWith(tabA, 'pm_card_slow');
    await waitForListed(tabB, ['processing']);
    const closedAt = Date.now();
    await tabA.close();
    await eventually(() => takeovers.length === 1);
    console.log(`[two tabs] takeover after the driving tab closed: ${Date.now() - closedAt} ms`);
    await openFlowIn(tabB);
    await waitForStep(tabB, 'Payment complete');
    expect(suite.statsSinceTestStart()).toMatchObject({
      bookingsCreated: 1,
      paymentsConfirmed: 1,
      confirmRequests: 1,
    });
  });

  test('Confirm pressed for the same booking in both tabs makes one booking, paid once from either tab', async () => {
    const server = suite.server();
    const tabA = await suite.openPage();
    await openDemo(tabA, server);
    const tabB = await suite.openAnotherTab();
    await openDemo(tabB, server);
    const confirmA = await fillFirmBooking(tabA, 'room-amber');
    const start = await bookingDialog(tabA).getByLabel('Start').inputValue();
    const confirmB = await fillFirmBooking(tabB, 'room-amber');
    await bookingDialog(tabB).getByLabel('Start').fill(start);
    await Promise.all([confirmA.click(), confirmB.click()]);
    await waitForStep(tabA, 'Pay for your booking');
    await waitForStep(tabB, 'Pay for your booking');
    await waitForListed(tabA, ['awaitingPayment']);
    await waitForListed(tabB, ['awaitingPayment']);

    await payWith(tabB, 'pm_card_visa');
    await waitForStep(tabA, 'Payment complete');
    await waitForStep(tabB, 'Payment complete');
    expect(suite.statsSinceTestStart()).toMatchObject({ bookingsCreated: 1, paymentsConfirmed: 1 });
  });

  test('a booking made in A while B is open shows up in B live, and Pay in B is sent once, by A', async () => {
    const server = suite.server();
    const tabA = await suite.openPage();
    await openDemo(tabA, server);
    const tabB = await suite.openAnotherTab();
    const sentByB = actionRequests(tabB);
    await openDemo(tabB, server);
    await startFirmBooking(tabA);
    await waitForListed(tabB, ['awaitingPayment']);
    await openFlowIn(tabB);
    await payWith(tabB, 'pm_card_visa');
    await waitForStep(tabB, 'Payment complete');
    await waitForListed(tabA, ['succeeded']);
    expect(sentByB).toEqual([]);
    expect(suite.statsSinceTestStart()).toMatchObject({
      bookingsCreated: 1,
      paymentsConfirmed: 1,
      confirmRequests: 1,
    });
  });

  test('Cancel in the tab that follows the flow cancels it once, in both tabs', async () => {
    const server = suite.server();
    const tabA = await suite.openPage();
    const sentByA = actionRequests(tabA);
    await openDemo(tabA, server);
    await startFirmBooking(tabA);
    const tabB = await suite.openAnotherTab();
    const sentByB = actionRequests(tabB);
    await openDemo(tabB, server);
    await waitForListed(tabB, ['awaitingPayment']);
    await openFlowIn(tabB);
    const dialog = bookingDialog(tabB);
    await dialog.getByRole('button', { name: 'Cancel booking…' }).click();
    await dialog.getByRole('button', { name: 'Yes, cancel booking' }).click();
    await waitForListed(tabA, ['cancelled']);
    await waitForListed(tabB, ['cancelled']);
    expect(sentByB).toEqual([]);
    expect(sentByA.filter((path) => path.endsWith('/cancel'))).toHaveLength(1);
  });

  test('both tabs reloaded at once: every flow is still there', async () => {
    const server = suite.server();
    const tabA = await suite.openPage();
    await openDemo(tabA, server);
    const tabB = await suite.openAnotherTab();
    await openDemo(tabB, server);
    await startFirmBooking(tabA, 'room-amber');
    await startFirmBooking(tabB, 'room-cedar');
    await waitForListed(tabA, ['awaitingPayment', 'awaitingPayment']);
    await waitForListed(tabB, ['awaitingPayment', 'awaitingPayment']);

    await Promise.all([tabA.reload(), tabB.reload()]);
    await waitForListed(tabA, ['awaitingPayment', 'awaitingPayment']);
    await waitForListed(tabB, ['awaitingPayment', 'awaitingPayment']);
    expect((await storedIds(tabA)).length).toBe(2);
  });

  /** A page as in a browser without Web Locks and BroadcastChannel (Safari before 15.4). */
  async function withoutLocksOrBroadcast(page: Page): Promise<void> {
    await page.addInitScript(() => {
      Reflect.deleteProperty(Navigator.prototype, 'locks');
      Reflect.deleteProperty(globalThis, 'BroadcastChannel');
    });
  }

  test('without Web Locks and BroadcastChannel, a lease and storage events do the same: Pay in the follower runs once, and closing the driving tab hands the flow over', async () => {
    const server = suite.server();
    const tabA = await suite.openPage();
    await withoutLocksOrBroadcast(tabA);
    await openDemo(tabA, server);
    expect(
      await tabA.evaluate(() => 'locks' in navigator || 'BroadcastChannel' in globalThis),
    ).toBe(false);
    await startFirmBooking(tabA);
    const tabB = await suite.openAnotherTab();
    await withoutLocksOrBroadcast(tabB);
    const sentByB = actionRequests(tabB);
    const takeovers = logLines(tabB, 'driven by this tab');
    await openDemo(tabB, server);
    await waitForListed(tabB, ['awaitingPayment']);

    await openFlowIn(tabB);
    await payWith(tabB, 'pm_card_slow');
    await waitForListed(tabA, ['processing']);
    expect(sentByB).toEqual([]);

    const closedAt = Date.now();
    await tabA.close();
    await eventually(() => takeovers.length === 1, 10_000);
    console.log(
      `[two tabs, lease fallback] takeover after the driving tab closed: ${Date.now() - closedAt} ms`,
    );
    await waitForStep(tabB, 'Payment complete');
    expect(suite.statsSinceTestStart()).toMatchObject({
      bookingsCreated: 1,
      paymentsConfirmed: 1,
      confirmRequests: 1,
    });
  });
});
