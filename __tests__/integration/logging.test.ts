/** @jest-environment node */
import { flowStarted, paymentSubmitted } from '../../src/payments/paymentFlowsSlice';
import { selectConnectionStatus } from '../../src/payments/socket/connectionSlice';
import { uniqueDraft, waitForStatus } from '../helpers/paymentsTestStore';
import { eventually, realtimeHarness } from './realtimeHarness';

/**
 * Issue 12: the log tells a flow’s story at `info`, one line per status change, each naming the
 * flow and the transition; the rest is `debug`.
 */
const harness = realtimeHarness();

describe('logging a whole happy-path payment', () => {
  it('takes at most 10 lines at info, each naming the flow and its transition', async () => {
    const server = await harness.startServer();
    const { store, logs } = harness.connectStore(server, { token: 'demo-token' });
    await new Promise<void>((resolve) => {
      const unsubscribe = store.subscribe(() => {
        if (selectConnectionStatus(store.getState()) !== 'connected') return;
        unsubscribe();
        resolve();
      });
    });
    const { flowId } = store.dispatch(flowStarted(uniqueDraft())).payload;
    await waitForStatus(store, flowId, 'awaitingPayment');
    store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }));
    await waitForStatus(store, flowId, 'succeeded');
    // The flow's task writes its end last (at debug): every line of the payment is in by then.
    await eventually(() => logs.some((line) => line.message === `flow ${flowId} ended succeeded`));

    const info = logs.filter((line) => line.level !== 'debug').map((line) => line.message);
    expect(info.length).toBeGreaterThanOrEqual(5);
    expect(info.length).toBeLessThanOrEqual(10);
    for (const message of info)
      expect(message).toMatch(new RegExp(`^flow ${flowId}: \\w+ -> \\w+ \\(`));
    expect(info).toEqual([
      `flow ${flowId}: draft -> creatingBooking (bookingRequested)`,
      `flow ${flowId}: creatingBooking -> awaitingPayment (bookingCreated)`,
      `flow ${flowId}: awaitingPayment -> confirmingPayment (paymentSubmitted)`,
      `flow ${flowId}: confirmingPayment -> processing (server)`,
      `flow ${flowId}: processing -> succeeded (server)`,
    ]);
    expect(logs.filter((line) => line.level === 'debug').length).toBeGreaterThan(0);
  });
});
