/** @jest-environment node */
import { PURGE } from 'redux-persist';
import {
  cancelRequested,
  flowStarted,
  paymentSubmitted,
} from '../../src/payments/paymentFlowsSlice';
import { selectConnectionStatus } from '../../src/payments/socket/connectionSlice';
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

describe('resync always converges, against the demo server (issue 16)', () => {
  it('status events lost while the socket stays up: the quiet re-check finds the outcome', async () => {
    const { server, store, requests } = await harness.connectedWithQuietPeriod(
      { processingDelayMs: 100 },
      200,
    );
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));
    await waitForStatus(store, payload.flowId, 'awaitingPayment');
    // Both events of the payment (processing, succeeded) are lost; the socket stays up.
    server.faults.dropNextStatusEvents(2);

    store.dispatch(
      paymentSubmitted({ flowId: payload.flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }),
    );

    await waitForStatus(store, payload.flowId, 'succeeded');
    expect(selectConnectionStatus(store.getState())).toBe('connected');
    expect(requests.filter((r) => r.startsWith('GET /api/payments/')).length).toBeGreaterThan(0);
  });
});

/**
 * `count` payments the processor works on for a minute, confirmed against a connected store
 * whose quiet re-check is `quietMs`: how often each was asked about, and how many flow tasks
 * started in a status (the store's log).
 */
async function paymentsProcessing(count: number, quietMs: number) {
  const connected = await harness.connectedWithQuietPeriod({ processingDelayMs: 60_000 }, quietMs);
  const { store, requests, logs } = connected;
  const flowIds: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));
    await waitForStatus(store, payload.flowId, 'awaitingPayment');
    flowIds.push(payload.flowId);
  }
  for (const flowId of flowIds) {
    store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }));
  }
  const flows = await Promise.all(flowIds.map((id) => waitForStatus(store, id, 'processing')));
  const asksFor = (paymentId: string | undefined) =>
    requests.filter((r) => r === `GET /api/payments/${paymentId ?? ''}`).length;
  const tasksIn = (status: string) =>
    logs.filter((line) => line.message.endsWith(`started in ${status}`)).length;
  return { ...connected, flows, asksFor, tasksIn };
}

describe('payments the processor is working on, the socket up (issue 11)', () => {
  it('hold no task until their re-check: then each asks once; with the socket down, each polls', async () => {
    const { server, store, flows, asksFor, tasksIn } = await paymentsProcessing(5, 400);
    // Each flow's task ended with its confirm: waiting for the server, it is parked.
    expect(tasksIn('processing')).toBe(0);

    // No event comes for a minute: after the quiet period, each flow asks the server.
    await eventually(() => flows.every((flow) => asksFor(flow.paymentId) >= 1));
    expect(tasksIn('processing')).toBe(flows.length);

    // The socket goes down: every flow polls (the task a re-check gave it, or a new one).
    await server.stopRealtime();
    await eventually(() => selectConnectionStatus(store.getState()) !== 'connected');
    const before = flows.map((flow) => asksFor(flow.paymentId));
    await eventually(() => flows.every((flow, i) => asksFor(flow.paymentId) > (before[i] ?? 0)));
  });
});

describe('payments parked while hearing their events, the socket lost before any re-check', () => {
  it('each gets its task back and polls at once, not after its quiet period', async () => {
    const { server, flows, asksFor, tasksIn } = await paymentsProcessing(3, 60_000);
    expect(tasksIn('processing')).toBe(0);
    const before = flows.map((flow) => asksFor(flow.paymentId));

    // The quiet period is a minute: only the socket's loss can make them ask within seconds.
    await server.stopRealtime();
    await eventually(() => flows.every((flow, i) => asksFor(flow.paymentId) > (before[i] ?? 0)));
    expect(tasksIn('processing')).toBe(flows.length);
  });
});

describe('a logout while a payment processes', () => {
  it('stops the quiet re-checks of its flows: no GET for a payment the store no longer holds', async () => {
    const { store, requests } = await harness.connectedWithQuietPeriod(
      { processingDelayMs: 60_000 },
      50,
    );
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));
    await waitForStatus(store, payload.flowId, 'awaitingPayment');
    store.dispatch(
      paymentSubmitted({ flowId: payload.flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }),
    );
    await waitForStatus(store, payload.flowId, 'processing');
    const statusAsks = () => requests.filter((r) => r.startsWith('GET /api/payments/')).length;
    await eventually(() => statusAsks() >= 2);

    // redux-persist's purge (a logout): the slice is emptied, the flow is gone.
    store.dispatch({ type: PURGE, key: 'payment-flows', result: () => null });
    expect(selectFlowById(store.getState(), payload.flowId)).toBeUndefined();
    const asked = statusAsks();
    // Ten quiet periods: a re-check still running would have asked again several times.
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(statusAsks()).toBeLessThanOrEqual(asked + 1);
  });
});

describe('each booking subscribed once per connection (issue 16)', () => {
  it('a dropped connection that comes back (recovered or not) sends one flows:subscribe', async () => {
    const server = await harness.startServer();
    const { store } = harness.connectStore(server, { token: 'demo-token' });
    await eventually(() => selectConnectionStatus(store.getState()) === 'connected');
    for (let i = 0; i < 5; i += 1) {
      const { payload } = store.dispatch(flowStarted(uniqueDraft()));
      await waitForStatus(store, payload.flowId, 'awaitingPayment');
    }
    await eventually(() => server.realtime.stats().subscribeMessages === 5);

    server.realtime.dropAllSockets();
    await eventually(() => selectConnectionStatus(store.getState()) !== 'connected');
    await eventually(() => selectConnectionStatus(store.getState()) === 'connected');
    await eventually(() => server.realtime.stats().subscribeMessages > 5);
    // One more link: its subscribe travels on the same ordered socket, after any duplicate.
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));
    await waitForStatus(store, payload.flowId, 'awaitingPayment');
    await eventually(() => server.realtime.stats().subscribeMessages >= 7);

    expect(server.realtime.stats().subscribeMessages).toBe(7);
  });
});
