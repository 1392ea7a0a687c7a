/** @jest-environment node */
import { startDemoServer, type DemoServer } from '../../server/demoServer';
import {
  cancelRequested,
  flowStarted,
  paymentSubmitted,
  retryRequested,
} from '../../src/payments/paymentFlowsSlice';
import type { ApiOptions } from '../../src/payments/apiClient';
import { makeTestStore, uniqueDraft, waitForStatus } from '../helpers/paymentsTestStore';

/**
 * The sagas against the real demo backend over real HTTP, no socket: settling payments are
 * followed by polling GET /api/payments/:id.
 */
let server: DemoServer;
const tasks: { cancel(): void }[] = [];

beforeEach(async () => {
  server = await startDemoServer({ processingDelayMs: 50, faults: true });
});
afterEach(async () => {
  for (const task of tasks.splice(0)) task.cancel();
  await server.close();
});

function storeOnServer(api: Partial<ApiOptions> = {}) {
  const parts = makeTestStore({
    api: { baseUrl: server.url, getAuthToken: () => 'demo-token', ...api },
  });
  tasks.push(parts.sagaTask);
  return parts.store;
}

const submit = (flowId: string, paymentMethodId: string) =>
  paymentSubmitted({ flowId, paymentMethodId, at: Date.now() });

describe('a flow against the demo backend', () => {
  it('books, pays and ends succeeded, with one booking and one charge', async () => {
    const store = storeOnServer();
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));
    await waitForStatus(store, payload.flowId, 'awaitingPayment');

    store.dispatch(submit(payload.flowId, 'pm_card_visa'));
    const flow = await waitForStatus(store, payload.flowId, 'succeeded');

    expect(flow.amount).toEqual({ value: 5000, currency: 'EUR' });
    expect(server.stats()).toMatchObject({ bookingsCreated: 1, paymentsConfirmed: 1 });
  });

  it('after a decline, a retry with another card succeeds on the same booking', async () => {
    const store = storeOnServer();
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));
    await waitForStatus(store, payload.flowId, 'awaitingPayment');

    store.dispatch(submit(payload.flowId, 'pm_card_declined'));
    const failed = await waitForStatus(store, payload.flowId, 'failed');
    expect(failed.error?.code).toBe('card_declined');
    store.dispatch(retryRequested({ flowId: payload.flowId, at: Date.now() }));
    await waitForStatus(store, payload.flowId, 'awaitingPayment');
    store.dispatch(submit(payload.flowId, 'pm_card_visa'));
    const flow = await waitForStatus(store, payload.flowId, 'succeeded');

    expect(flow.attempt).toBe(2);
    expect(server.stats()).toMatchObject({ bookingsCreated: 1, paymentsConfirmed: 2 });
  });

  it('counts exactly one booking per confirmation through 503s, a double click and 409s', async () => {
    // The first attempts time out while the server still works on them: the retries meet 409.
    const statuses: number[] = [];
    const store = storeOnServer({
      timeoutMs: 60,
      fetch: async (url, init) => {
        const response = await fetch(url, init);
        statuses.push(response.status);
        return response;
      },
    });
    server.faults.failNextBookings(2);
    server.faults.setBookingDelay(150);
    const draft = uniqueDraft();
    const first = store.dispatch(flowStarted(draft));
    store.dispatch(flowStarted(draft));

    await waitForStatus(store, first.payload.flowId, 'awaitingPayment');

    expect(statuses).toEqual(expect.arrayContaining([503, 409, 201]));
    expect(server.stats().bookingsCreated).toBe(1);
  });

  it('a booking that needs no payment succeeds without a charge', async () => {
    const store = storeOnServer();
    const { payload } = store.dispatch(flowStarted(uniqueDraft({ bookingType: 'TENTATIVE' })));

    await waitForStatus(store, payload.flowId, 'succeeded');

    expect(server.stats()).toMatchObject({ bookingsCreated: 1, paymentsConfirmed: 0 });
  });
});

describe('cancel against the demo backend', () => {
  it('cancelling while the booking request is in flight leaves no held booking behind', async () => {
    const store = storeOnServer();
    server.faults.setBookingDelay(150);
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));
    await waitForStatus(store, payload.flowId, 'creatingBooking');

    store.dispatch(cancelRequested({ flowId: payload.flowId, at: Date.now() }));
    await waitForStatus(store, payload.flowId, 'cancelled');

    expect(server.stats().bookingsCreated).toBe(1);
    expect(server.store.bookings.all().map((booking) => booking.status)).toEqual(['cancelled']);
  });
});
