/** @jest-environment node */
import type { Page } from 'playwright-core';
import { describeInBrowser } from './browserHarness';
import {
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
    const { flows } = JSON.parse(outer.paymentFlows) as { flows: { flowId: string }[] };
    const ids = flows.map((flow) => flow.flowId).sort();
    return JSON.stringify(ids) === JSON.stringify([...wanted].sort());
  }, flowIds);
}

/** The flowIds saved now, in no particular order. */
const storedIds = async (page: Page) => (await storedFlows(page)).map((flow) => flow.flowId);

describeInBrowser(__filename, { processingDelayMs: 300 }, (suite) => {
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
});
