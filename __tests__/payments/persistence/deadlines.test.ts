import { retryRequested } from '../../../src/payments/paymentFlowsSlice';
import type { PersistedFlow } from '../../../src/payments/persistence/flowRecord';
import { selectFlowById } from '../../../src/payments/selectors';
import { IDEMPOTENCY_WINDOW_MS } from '../../../src/payments/sagas/deps';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { waitForStatus } from '../../helpers/paymentsTestStore';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import { BOOKINGS, CONFIRM, RELEASE, STATUS, snapshotReply } from '../sagas/fixtures';
import {
  closeAllApps,
  nextMacrotask,
  observe,
  persistedFlow,
  rehydrated,
  startApp,
  STORAGE_KEY,
  storedValue,
} from './persistenceHarness';

afterEach(closeAllApps);

const releaseOk = { status: 200, body: { bookingId: 'bk_hold', status: 'cancelled' } };

/** A page load over storage holding `flow`, talking to a scripted fetch. */
function loadWith(flow: PersistedFlow) {
  const server = createScriptedFetch();
  const observed = observe(server);
  const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue([flow]) });
  const app = startApp({ memory, api: observed.api });
  return { app, server, waitForRequest: observed.waitForRequest };
}

const unpaid = (holdExpiresAt: number) =>
  persistedFlow({
    status: 'awaitingPayment',
    bookingId: 'bk_hold',
    paymentId: 'pay_hold',
    serverSeq: 1,
    holdExpiresAt,
  });

describe('hold deadlines survive a reload', () => {
  it('a hold 400 ms ahead expires at its deadline, and the booking is released', async () => {
    const flow = unpaid(Date.now() + 400);
    const { app, server, waitForRequest } = loadWith(flow);
    server.script(RELEASE, releaseOk);

    await rehydrated(app);
    expect(selectFlowById(app.store.getState(), flow.flowId)?.status).toBe('awaitingPayment');
    const expired = await waitForStatus(app.store, flow.flowId, 'expired');
    const release = await waitForRequest(RELEASE);

    expect(expired.history.at(-1)).toMatchObject({ from: 'awaitingPayment', cause: 'holdExpired' });
    expect(expired.history.at(-1)?.at).toBeGreaterThanOrEqual(flow.holdExpiresAt ?? Infinity);
    expect(release.path).toBe('/api/bookings/bk_hold/cancel');
  });

  it('a hold already past expires as soon as the flows are back', async () => {
    const flow = unpaid(Date.now() - 1_000);
    const { app, server, waitForRequest } = loadWith(flow);
    server.script(RELEASE, releaseOk);

    await rehydrated(app);
    await nextMacrotask();

    expect(selectFlowById(app.store.getState(), flow.flowId)?.status).toBe('expired');
    expect((await waitForRequest(RELEASE)).path).toBe('/api/bookings/bk_hold/cancel');
  });
});

describe('a flow older than the 24 h idempotency window', () => {
  const createdAt = () => Date.now() - IDEMPOTENCY_WINDOW_MS - 60 * 60 * 1000;

  it.each(['processing', 'confirmingPayment'] as const)(
    'with a payment in %s is reconciled by GET, never re-confirmed',
    async (status) => {
      const flow = persistedFlow({
        status,
        createdAt: createdAt(),
        bookingId: 'bk_old',
        paymentId: 'pay_old',
        attempt: 1,
        paymentMethodId: 'pm_card_visa',
        serverSeq: 2,
        holdExpiresAt: Date.now() + 60_000,
      });
      const { app, server } = loadWith(flow);
      server.script(STATUS, snapshotReply('pay_old', 'succeeded', 3));

      const settled = await waitForStatus(app.store, flow.flowId, 'succeeded');

      expect(settled.history.map((step) => step.cause)).toEqual(['flowTooOldToResume', 'server']);
      expect(settled.history[0]).toMatchObject({ from: status, to: 'reconciling' });
      expect(server.requests.map((request) => request.route)).toEqual([STATUS]);
      expect(server.requestsTo(CONFIRM)).toHaveLength(0);
    },
  );

  it.each(['draft', 'creatingBooking'] as const)(
    'in %s without a booking fails with flow_too_old and books nothing',
    async (status) => {
      const flow = persistedFlow({ status, createdAt: createdAt() });
      const { app, server } = loadWith(flow);

      const failed = await waitForStatus(app.store, flow.flowId, 'failed');
      await nextMacrotask();

      expect(failed.error).toMatchObject({ code: 'flow_too_old', retriable: false });
      expect(server.requestsTo(BOOKINGS)).toHaveLength(0);
      expect(server.requests).toHaveLength(0);
    },
  );

  // A retry would re-send POST /api/bookings with a key the server has forgotten.
  test('a retriable booking failure is not retried after the window', async () => {
    const flow = persistedFlow({
      status: 'failed',
      createdAt: createdAt(),
      error: { code: 'network_error', message: 'fetch failed', retriable: true },
    });
    const { app, server } = loadWith(flow);
    await rehydrated(app);
    const afterReload = selectFlowById(app.store.getState(), flow.flowId);

    app.store.dispatch(retryRequested({ flowId: flow.flowId, at: Date.now() }));
    await nextMacrotask();

    expect({
      error: afterReload?.error?.code,
      bookingRequests: server.requestsTo(BOOKINGS).length,
    }).toEqual({ error: 'flow_too_old', bookingRequests: 0 });
  });
});
