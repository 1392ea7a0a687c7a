import type { Locator, Page } from 'playwright-core';
import { z } from 'zod';
import type { DemoServer } from '../../server/demoServer';

/** The demo's test methods as the payment step labels them (brand and last4 only). */
export const METHOD_LABELS = {
  pm_card_visa: 'Visa ending in 4242',
  pm_card_declined: 'Visa ending in 0002',
  pm_card_3ds: 'Visa ending in 3155',
  pm_card_slow: 'Visa ending in 1881',
} as const;

export type TestMethod = keyof typeof METHOD_LABELS;

let slot = 0;

/** A distinct future `datetime-local` value per call, so no two tests book the same draft. */
export function nextFreeSlot(): string {
  slot += 1;
  const day = String((slot % 28) + 1).padStart(2, '0');
  const hour = String(8 + Math.floor(slot / 28)).padStart(2, '0');
  return `2031-03-${day}T${hour}:00`;
}

/** Opens the demo page and waits for its live updates to be connected. */
export async function openDemo(page: Page, server: DemoServer): Promise<void> {
  await page.goto(server.url);
  await page.getByText('Live updates: connected').waitFor();
}

export function bookingDialog(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Book a resource' });
}

/** Waits for the dialog to show the step with this heading. */
export async function waitForStep(page: Page, heading: string | RegExp): Promise<void> {
  await bookingDialog(page).getByRole('heading', { name: heading }).waitFor();
}

/** Fills the booking form for a FIRM booking, ready to confirm. */
export async function fillFirmBooking(page: Page, resourceId = 'room-amber'): Promise<Locator> {
  await page.getByRole('button', { name: 'New booking' }).click();
  const dialog = bookingDialog(page);
  await dialog.getByLabel('Resource').selectOption(resourceId);
  await dialog.getByLabel('Start').fill(nextFreeSlot());
  await dialog.getByLabel('Duration (minutes)').fill('60');
  await dialog.getByRole('radio', { name: 'Firm (pay now)' }).check();
  return dialog.getByRole('button', { name: 'Confirm booking' });
}

/** New FIRM booking, confirmed; resolves on the payment step. */
export async function startFirmBooking(page: Page, resourceId?: string): Promise<void> {
  await (await fillFirmBooking(page, resourceId)).click();
  await waitForStep(page, 'Pay for your booking');
}

/** Chooses a method on the payment step and presses Pay. */
export async function payWith(page: Page, method: TestMethod): Promise<void> {
  const dialog = bookingDialog(page);
  await dialog.getByRole('radio', { name: METHOD_LABELS[method] }).check();
  await dialog.getByRole('button', { name: /^Pay / }).click();
}

/** The status of each flow in "Your bookings" (its `data-status`; the text is for people). */
export async function listedStatuses(page: Page): Promise<string[]> {
  return page
    .getByTestId('flow-status')
    .evaluateAll((elements) =>
      elements.map((element) => element.getAttribute('data-status') ?? ''),
    );
}

/** What "Your bookings" says of each flow's status. */
export async function listedStatusTexts(page: Page): Promise<string[]> {
  return page.getByTestId('flow-status').allTextContents();
}

/** Every localStorage entry of the page's origin, as `key=value` lines. */
export async function localStorageDump(page: Page): Promise<string> {
  return page.evaluate(() =>
    Object.keys(localStorage)
      .map((key) => `${key}=${localStorage.getItem(key) ?? ''}`)
      .join('\n'),
  );
}

const persistedRootSchema = z.object({ paymentFlows: z.string() });
const storedFlowSchema = z.object({
  flowId: z.string(),
  status: z.string(),
  bookingId: z.string().optional(),
  paymentId: z.string().optional(),
  error: z.object({ code: z.string() }).optional(),
});
const persistedFlowsSchema = z.object({
  flows: z.array(storedFlowSchema),
  saved: z.array(z.string()).default([]),
});
export type StoredFlow = z.infer<typeof storedFlowSchema>;

/**
 * The flows the page has saved: redux-persist's object (each slice a JSON string) lists them,
 * each under its own key (see storageLayout.ts).
 */
export async function storedFlows(page: Page): Promise<StoredFlow[]> {
  const stored = await page.evaluate(() => {
    const texts: Record<string, string | null> = {};
    for (let at = 0; at < localStorage.length; at += 1) {
      const key = localStorage.key(at);
      if (key?.startsWith('persist:payment-flows')) texts[key] = localStorage.getItem(key);
    }
    return texts;
  });
  const raw = stored['persist:payment-flows'];
  if (raw === undefined || raw === null) return [];
  const root = persistedRootSchema.parse(JSON.parse(raw));
  const part = persistedFlowsSchema.parse(JSON.parse(root.paymentFlows));
  const entries = part.saved.map((flowId) => {
    const entry = stored[`persist:payment-flows/flow/${flowId}`];
    if (typeof entry !== 'string') throw new Error(`flow ${flowId} is listed without an entry`);
    return storedFlowSchema.parse(JSON.parse(entry));
  });
  return [...part.flows, ...entries];
}

/** Resolves once the page has saved a flow in `status`; returns it. */
export async function waitForStoredFlow(page: Page, status: string): Promise<StoredFlow> {
  await page.waitForFunction((wanted) => {
    for (let at = 0; at < localStorage.length; at += 1) {
      const key = localStorage.key(at) ?? '';
      const text = key.startsWith('persist:payment-flows/flow/') ? localStorage.getItem(key) : null;
      if (text?.includes(`"status":"${wanted}"`)) return true;
    }
    return false;
  }, status);
  const flow = (await storedFlows(page)).find((candidate) => candidate.status === status);
  if (!flow) throw new Error(`no stored flow in ${status}`);
  return flow;
}

/** Polls a server-side condition that no page event announces. */
export async function eventually(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
