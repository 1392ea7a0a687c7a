import { IDEMPOTENCY_WINDOW_MS } from '../../../src/payments/sagas/deps';
import { flowStarted } from '../../../src/payments/paymentFlowsSlice';
import { toPersistedFlow } from '../../../src/payments/persistence/flowRecord';
import { selectFlowById } from '../../../src/payments/selectors';
import type { PaymentFlow } from '../../../src/payments/types';
import { selectConnectionStatus } from '../../../src/payments/socket/connectionSlice';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { uniqueDraft, waitForFlow, waitForStatus } from '../../helpers/paymentsTestStore';
import { createScriptedFetch, releasedReply } from '../../helpers/scriptedFetch';
import {
  closeAllApps,
  nextMacrotask,
  persistedFlow,
  rehydrated,
  rehydrateWith,
  startApp,
  waitForState,
} from '../persistence/persistenceHarness';
import {
  confirm,
  createFirmBooking,
  DEMO_TOKEN,
  demoServersClosedAfterEach,
  firmBookingBody,
  waitForPaymentStatus,
} from '../../server/demoServerHarness';
import { BOOKINGS, bookingReply, RELEASE, snapshotReply, STATUS } from './fixtures';

afterEach(closeAllApps);
const startDemoServer = demoServersClosedAfterEach();

/** A page whose flow waits for payment, parked: no task, its hold on the shared timer. */
async function appWithParkedFlow() {
  const server = createScriptedFetch();
  const app = startApp({
    memory: createMemoryStorage(),
    api: { baseUrl: server.baseUrl, fetch: server.fetch },
  });
  await rehydrated(app);
  server.script(BOOKINGS, bookingReply(Date.now() + 60_000));
  const { flowId } = app.store.dispatch(flowStarted(uniqueDraft())).payload;
  const parked = await waitForStatus(app.store, flowId, 'awaitingPayment');
  return { server, app, parked };
}

/** The flow as another tab stored it, moved on to `to`. */
function movedOn(flow: PaymentFlow, to: PaymentFlow['status'], changes: Partial<PaymentFlow>) {
  const at = Date.now();
  return {
    ...toPersistedFlow(flow),
    ...changes,
    status: to,
    updatedAt: at,
    history: [...flow.history, { from: flow.status, to, cause: 'cancelRequested', at }],
  };
}

describe('a REHYDRATE after the flows were resumed (a late one)', () => {
  it('wakes a parked flow it moved on: cancelling, its booking is released', async () => {
    const { server, app, parked } = await appWithParkedFlow();
    server.otherwise(RELEASE, releasedReply());

    rehydrateWith(app, [movedOn(parked, 'cancelling', {})]);

    await waitForStatus(app.store, parked.flowId, 'cancelled');
    expect(server.requestsTo(RELEASE).map((request) => request.path)).toEqual([
      `/api/bookings/${parked.bookingId ?? ''}/cancel`,
    ]);
  });

  it('parks a parked flow again on the hold it brings, which then expires at that deadline', async () => {
    const { server, app, parked } = await appWithParkedFlow();
    server.otherwise(RELEASE, releasedReply());
    const holdExpiresAt = Date.now() + 200;
    const copy = { ...toPersistedFlow(parked), holdExpiresAt, updatedAt: Date.now() };

    rehydrateWith(app, [copy]);

    const expired = await waitForStatus(app.store, parked.flowId, 'expired');
    expect(expired.history.at(-1)).toMatchObject({ from: 'awaitingPayment', cause: 'holdExpired' });
    expect(expired.history.at(-1)?.at).toBeGreaterThanOrEqual(holdExpiresAt);
  });

  it('resumes a flow the store did not hold', async () => {
    const { server, app } = await appWithParkedFlow();
    server.otherwise(RELEASE, releasedReply());
    const brought = persistedFlow({
      status: 'awaitingPayment',
      bookingId: 'bk_brought',
      paymentId: 'pay_brought',
      serverSeq: 1,
      holdExpiresAt: Date.now() + 100,
      history: [{ from: 'creatingBooking', to: 'awaitingPayment', cause: 'bookingCreated', at: 1 }],
    });

    rehydrateWith(app, [brought]);

    expect(selectFlowById(app.store.getState(), brought.flowId)?.status).toBe('awaitingPayment');
    await waitForStatus(app.store, brought.flowId, 'expired');
  });

  it('asks the server about a flow it brings that waits for payment, as a reload does: settled there, it ends succeeded', async () => {
    const { server, app } = await appWithParkedFlow();
    const brought = persistedFlow({
      status: 'awaitingPayment',
      bookingId: 'bk_paid_elsewhere',
      paymentId: 'pay_paid_elsewhere',
      serverSeq: 1,
      holdExpiresAt: Date.now() + 60_000,
      history: [{ from: 'creatingBooking', to: 'awaitingPayment', cause: 'bookingCreated', at: 1 }],
    });
    // Its copy predates the confirm that went out: the server has the payment settled.
    server.script(STATUS, snapshotReply('pay_paid_elsewhere', 'succeeded', 3));

    rehydrateWith(app, [brought]);

    await waitForStatus(app.store, brought.flowId, 'succeeded');
    expect(server.requestsTo(STATUS).map((request) => request.path)).toEqual([
      '/api/payments/pay_paid_elsewhere',
    ]);
  });

  it('with a socket, subscribes a flow it brings, whose acknowledgement carries its status: paid on the server, it ends succeeded', async () => {
    const server = await startDemoServer({ processingDelayMs: 0 });
    const auth = { getAuthToken: () => DEMO_TOKEN };
    const app = startApp({
      memory: createMemoryStorage(),
      api: { baseUrl: server.url, ...auth },
      socket: { url: server.url, ...auth, transports: ['websocket'] },
    });
    await rehydrated(app);
    await waitForState(app, (state) => selectConnectionStatus(state) === 'connected');
    const booked = await createFirmBooking(server);
    const { paymentId } = booked.payment;
    await confirm(server, paymentId, 'pm_card_visa');
    await waitForPaymentStatus(server, paymentId, 'succeeded');
    // As another tab stored it before the confirm went out: nothing since asks the server.
    const brought = persistedFlow({
      booking: { ...firmBookingBody, bookingType: 'FIRM' },
      status: 'awaitingPayment',
      bookingId: booked.bookingId,
      paymentId,
      serverSeq: booked.payment.seq,
      holdExpiresAt: Date.now() + 60_000,
      history: [{ from: 'creatingBooking', to: 'awaitingPayment', cause: 'bookingCreated', at: 1 }],
    });

    rehydrateWith(app, [brought]);

    await waitForStatus(app.store, brought.flowId, 'succeeded');
  });

  it('settles a flow it brings that is older than the idempotency window, never sending its booking again', async () => {
    const { server, app } = await appWithParkedFlow();
    const brought = persistedFlow({
      status: 'creatingBooking',
      createdAt: Date.now() - IDEMPOTENCY_WINDOW_MS - 60_000,
    });

    rehydrateWith(app, [brought]);

    const settled = await waitForFlow(
      app.store,
      brought.flowId,
      (flow) => flow.status !== 'creatingBooking',
    );
    expect(settled.history.at(-1)?.cause).toBe('flowTooOldToResume');
    expect(server.requestsTo(BOOKINGS)).toHaveLength(1);
  });

  it('cancels a flow of the store it brings one further along for: its booking request in flight is abandoned', async () => {
    const server = createScriptedFetch();
    const app = startApp({
      memory: createMemoryStorage(),
      api: { baseUrl: server.baseUrl, fetch: server.fetch },
    });
    await rehydrated(app);
    server.script(BOOKINGS, { hang: true }, bookingReply());
    server.otherwise(RELEASE, releasedReply());
    const booking = uniqueDraft();
    const { flowId } = app.store.dispatch(flowStarted(booking)).payload;
    // Sent once the flow is stored (the write-ahead): the cancel must then abandon it.
    while (server.requestsTo(BOOKINGS).length === 0) await nextMacrotask();
    const [request] = server.requestsTo(BOOKINGS);
    const further = persistedFlow({
      booking,
      status: 'awaitingPayment',
      bookingId: 'bk_further',
      paymentId: 'pay_further',
      serverSeq: 1,
      holdExpiresAt: Date.now() + 60_000,
      history: [{ from: 'creatingBooking', to: 'awaitingPayment', cause: 'bookingCreated', at: 1 }],
    });

    rehydrateWith(app, [further]);

    const cancelled = await waitForStatus(app.store, flowId, 'cancelled');
    expect(request?.signal?.aborted).toBe(true);
    expect(cancelled.history.find((step) => step.to === 'cancelling')?.cause).toBe(
      'secondFlowFound',
    );
    expect(selectFlowById(app.store.getState(), further.flowId)?.status).toBe('awaitingPayment');
  });

  it('keeps a flow under way here that it brings a second flow for: the later one is cancelled', async () => {
    const { server, app, parked } = await appWithParkedFlow();
    server.otherwise(RELEASE, releasedReply());
    const second = persistedFlow({
      booking: parked.booking,
      status: 'awaitingPayment',
      bookingId: 'bk_second',
      paymentId: 'pay_second',
      serverSeq: 1,
      holdExpiresAt: Date.now() + 60_000,
      createdAt: Date.now(),
      history: [{ from: 'creatingBooking', to: 'awaitingPayment', cause: 'bookingCreated', at: 1 }],
    });

    rehydrateWith(app, [second]);

    // Still held: it has a booking on the server.
    expect(selectFlowById(app.store.getState(), parked.flowId)?.status).toBe('awaitingPayment');
    const cancelled = await waitForStatus(app.store, second.flowId, 'cancelled');
    expect(cancelled.history.at(-2)).toMatchObject({ to: 'cancelling', cause: 'secondFlowFound' });
    expect(server.requestsTo(RELEASE).map((request) => request.path)).toEqual([
      '/api/bookings/bk_second/cancel',
    ]);
    expect(selectFlowById(app.store.getState(), parked.flowId)?.status).toBe('awaitingPayment');
  });
});
