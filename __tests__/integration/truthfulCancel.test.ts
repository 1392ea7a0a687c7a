/** @jest-environment node */
import { cancelRequested, flowStarted } from '../../src/payments/paymentFlowsSlice';
import { selectFlowById } from '../../src/payments/selectors';
import { uniqueDraft, waitForStatus } from '../helpers/paymentsTestStore';
import { eventually, realtimeHarness } from './realtimeHarness';

const harness = realtimeHarness();

describe('a cancel against the demo server (issue 16)', () => {
  it('while the server is down the flow shows cancelling; once it is back, cancelled and released', async () => {
    const server = await harness.startServer();
    const { store, requests } = harness.connectStore(server, { token: 'demo-token' });
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));
    const { bookingId } = await waitForStatus(store, payload.flowId, 'awaitingPayment');

    await server.stopRealtime();
    store.dispatch(cancelRequested({ flowId: payload.flowId, at: Date.now() }));
    const cancelsTried = () => requests.filter((r) => r.endsWith('/cancel')).length;
    await eventually(() => cancelsTried() >= 3);
    expect(selectFlowById(store.getState(), payload.flowId)?.status).toBe('cancelling');
    expect(server.store.bookings.get(bookingId ?? '')?.status).toBe('held');

    await server.startRealtime();

    await waitForStatus(store, payload.flowId, 'cancelled');
    expect(server.store.bookings.get(bookingId ?? '')?.status).toBe('cancelled');
  });
});
