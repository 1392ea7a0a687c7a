/** @jest-environment node */
import { z } from 'zod';
import { describeInBrowser } from './browserHarness';
import { bookingDialog, eventually, fillFirmBooking, openDemo, waitForStep } from './demoPage';

const HOLD_MS = 3000;
const bookingCreatedSchema = z.object({ bookingId: z.string() });

describeInBrowser(__filename, { holdMs: HOLD_MS }, (suite) => {
  test('an unpaid hold counts down, expires, and the booking is released on the server', async () => {
    const page = await suite.openPage();
    const server = suite.server();
    await openDemo(page, server);
    const created = page.waitForResponse(
      (response) =>
        response.request().method() === 'POST' &&
        new URL(response.url()).pathname === '/api/bookings',
    );
    await (await fillFirmBooking(page)).click();
    const { bookingId } = bookingCreatedSchema.parse(await (await created).json());

    await waitForStep(page, 'Pay for your booking');
    // Read in one go in the page: the timer is gone the moment the hold runs out.
    const shown = await page.waitForFunction(
      () => document.querySelector('[role="dialog"] [role="timer"]')?.textContent,
    );
    // The deadline is on the server's clock, read from a Date header truncated to the second:
    // on the page it may end up to a second later, never earlier.
    expect(await shown.jsonValue()).toMatch(/^Your slot is held for 00:0[1-4]$/);

    await waitForStep(page, 'Hold expired');
    expect(await bookingDialog(page).getByRole('timer').count()).toBe(0);
    await eventually(() =>
      ['cancelled', 'expired'].includes(server.store.bookings.get(bookingId)?.status ?? ''),
    );
    expect(suite.statsSinceTestStart()).toMatchObject({ bookingsCreated: 1, paymentsConfirmed: 0 });
  });
});
