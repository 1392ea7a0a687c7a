/** @jest-environment node */
import { flowStarted, paymentSubmitted } from '../../src/payments/paymentFlowsSlice';
import { flowUnwatched, flowWatched } from '../../src/payments/socket/connectionSlice';
import { selectFlowById } from '../../src/payments/selectors';
import { uniqueDraft, waitForStatus } from '../helpers/paymentsTestStore';
import { eventually, realtimeHarness } from './realtimeHarness';

const harness = realtimeHarness();

describe('a parked payment the processor is working on, its events lost', () => {
  it('is asked about after a quiet period even while actions addressed to it keep coming', async () => {
    const { server, store } = await harness.connectedWithQuietPeriod(
      { processingDelayMs: 100 },
      400,
    );
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));
    const { flowId } = payload;
    await waitForStatus(store, flowId, 'awaitingPayment');
    // Both events of the payment (processing, succeeded) are lost; the socket stays up.
    server.faults.dropNextStatusEvents(2);
    store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }));
    await waitForStatus(store, flowId, 'processing');

    // A list that mounts and unmounts the flow's row as the user scrolls (or a user pressing
    // a button again and again on a payment that looks stuck): an action addressed to the flow
    // more often than the quiet period, none of which changes it.
    const toggles = setInterval(() => {
      store.dispatch(flowWatched({ flowId }));
      store.dispatch(flowUnwatched({ flowId }));
    }, 100);
    try {
      // Quiet period: 200-400 ms. Before parking, the task asked at most 400 ms in.
      await eventually(
        () => selectFlowById(store.getState(), flowId)?.status === 'succeeded',
        3_000,
      );
    } finally {
      clearInterval(toggles);
    }
  });
});

describe('a parked payment the processor is working on, past its hold', () => {
  it('asks no more often than its quiet re-check once the hold has expired', async () => {
    const { store, requests } = await harness.connectedWithQuietPeriod(
      { processingDelayMs: 60_000, holdMs: 400 },
      400,
    );
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));
    const { flowId } = payload;
    await waitForStatus(store, flowId, 'awaitingPayment');
    store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }));
    const { paymentId, holdExpiresAt } = await waitForStatus(store, flowId, 'processing');
    // The hold falls due while the processor works: the flow reconciles, the server says
    // processing, and it waits for the server again.
    await eventually(() => Date.now() > (holdExpiresAt ?? 0) + 100);
    const asks = () => requests.filter((r) => r === `GET /api/payments/${paymentId ?? ''}`).length;
    const before = asks();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // One quiet period is 200-400 ms: a handful of asks in a second, not a storm.
    expect(asks() - before).toBeLessThanOrEqual(8);
    expect(selectFlowById(store.getState(), flowId)?.status).not.toBe('failed');
  });
});
