/** @jest-environment node */
import { describeInBrowser } from './browserHarness';
import {
  bookingDialog,
  fillFirmBooking,
  listedStatuses,
  openDemo,
  payWith,
  startFirmBooking,
  waitForStep,
} from './demoPage';

describeInBrowser(__filename, { processingDelayMs: 300 }, (suite) => {
  test('a FIRM booking paid with a card that succeeds ends on the success view', async () => {
    const page = await suite.openPage();
    await openDemo(page, suite.server());

    await startFirmBooking(page);
    await payWith(page, 'pm_card_visa');

    await waitForStep(page, 'Payment complete');
    expect(await listedStatuses(page)).toEqual(['succeeded']);
    expect(suite.statsSinceTestStart()).toMatchObject({ bookingsCreated: 1, paymentsConfirmed: 1 });
  });

  test('a declined card, then "Try another card" with another card, succeeds on the same booking', async () => {
    const page = await suite.openPage();
    await openDemo(page, suite.server());
    await startFirmBooking(page);

    await payWith(page, 'pm_card_declined');
    await waitForStep(page, 'The payment failed');
    await bookingDialog(page).getByRole('button', { name: 'Try another card' }).click();
    await waitForStep(page, 'Pay for your booking');
    await payWith(page, 'pm_card_visa');

    await waitForStep(page, 'Payment complete');
    expect(suite.statsSinceTestStart()).toMatchObject({ bookingsCreated: 1, paymentsConfirmed: 2 });
  });

  test('a double click on Confirm creates one booking, and one on Pay charges once', async () => {
    const page = await suite.openPage();
    await openDemo(page, suite.server());

    await (await fillFirmBooking(page)).dblclick();
    await waitForStep(page, 'Pay for your booking');
    await bookingDialog(page).getByRole('radio', { name: 'Visa ending in 4242' }).check();
    await bookingDialog(page).getByRole('button', { name: /^Pay / }).dblclick();

    await waitForStep(page, 'Payment complete');
    expect(await listedStatuses(page)).toEqual(['succeeded']);
    expect(suite.statsSinceTestStart()).toEqual({
      bookingsCreated: 1,
      paymentsConfirmed: 1,
      confirmRequests: 1,
    });
  });
});
