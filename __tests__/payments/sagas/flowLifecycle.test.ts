import { releasedReply } from '../../helpers/scriptedFetch';
import {
  cancelRequested,
  flowStarted,
  paymentSubmitted,
} from '../../../src/payments/paymentFlowsSlice';
import { selectFlowDiagnostics } from '../../../src/payments/selectors';
import { uniqueDraft, waitForFlow, waitForStatus } from '../../helpers/paymentsTestStore';
import {
  BOOKINGS,
  CONFIRM,
  RELEASE,
  STATUS,
  bookingReply,
  setup,
  snapshotReply,
  stopSagas,
} from './fixtures';

afterEach(stopSagas);

const releaseOk = releasedReply();

describe('cancel', () => {
  it('aborts the in-flight booking request and ends cancelled', async () => {
    const { server, store } = setup();
    server.script(BOOKINGS, { hang: true }, bookingReply());
    server.script(RELEASE, releaseOk);
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));
    await waitForStatus(store, payload.flowId, 'creatingBooking');
    const [request] = server.requestsTo(BOOKINGS);
    expect(request?.signal?.aborted).toBe(false);

    store.dispatch(cancelRequested({ flowId: payload.flowId, at: Date.now() }));
    await waitForStatus(store, payload.flowId, 'cancelled');

    expect(request?.signal?.aborted).toBe(true);
  });

  it('finds and releases a booking the aborted request made after all, by replaying its key', async () => {
    const { server, store } = setup();
    const made = bookingReply();
    server.script(BOOKINGS, { hang: true }, made);
    server.script(RELEASE, releaseOk);
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));
    await waitForStatus(store, payload.flowId, 'creatingBooking');

    store.dispatch(cancelRequested({ flowId: payload.flowId, at: Date.now() }));
    await waitForStatus(store, payload.flowId, 'cancelled');

    const keys = server.requestsTo(BOOKINGS).map((r) => r.headers['Idempotency-Key']);
    expect(keys).toEqual([payload.flowId, payload.flowId]);
    expect(server.requestsTo(RELEASE).map((r) => r.path)).toEqual([
      `/api/bookings/${made.body.bookingId}/cancel`,
    ]);
  });

  it('releases a held booking on the server', async () => {
    const { server, store } = setup();
    const reply = bookingReply();
    server.script(BOOKINGS, reply);
    server.script(RELEASE, releaseOk);
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));
    await waitForStatus(store, payload.flowId, 'awaitingPayment');

    store.dispatch(cancelRequested({ flowId: payload.flowId, at: Date.now() }));
    await waitForStatus(store, payload.flowId, 'cancelled');

    expect(server.requestsTo(RELEASE).map((r) => r.path)).toEqual([
      `/api/bookings/${reply.body.bookingId}/cancel`,
    ]);
  });

  it('is refused while the payment is processing, and the payment goes on', async () => {
    const { server, store } = setup();
    const reply = bookingReply();
    const { paymentId } = reply.body.payment;
    server.script(BOOKINGS, reply);
    server.script(CONFIRM, snapshotReply(paymentId, 'processing', 2));
    server.script(STATUS, snapshotReply(paymentId, 'processing', 2));
    server.otherwise(STATUS, snapshotReply(paymentId, 'succeeded', 3));
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));
    await waitForStatus(store, payload.flowId, 'awaitingPayment');
    store.dispatch(
      paymentSubmitted({ flowId: payload.flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }),
    );
    await waitForStatus(store, payload.flowId, 'processing');

    store.dispatch(cancelRequested({ flowId: payload.flowId, at: Date.now() }));
    await waitForStatus(store, payload.flowId, 'succeeded');

    expect(server.requestsTo(RELEASE)).toHaveLength(0);
    expect(selectFlowDiagnostics(store.getState()).warnings.at(-1)?.message).toBe(
      'cancel refused in processing',
    );
  });
});

describe('hold expiry', () => {
  it('expires an unpaid flow at the server deadline and releases the booking', async () => {
    const { server, store } = setup();
    const reply = bookingReply(Date.now() + 30);
    server.script(BOOKINGS, reply);
    server.script(RELEASE, releaseOk);
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));

    const flow = await waitForStatus(store, payload.flowId, 'expired');

    expect(flow.history.at(-1)).toMatchObject({ from: 'awaitingPayment', cause: 'holdExpired' });
    await waitForFlow(store, payload.flowId, () => server.requestsTo(RELEASE).length === 1);
  });

  it('turns a payment still processing at the deadline into reconciling, never expired', async () => {
    const { server, store } = setup();
    const reply = bookingReply(Date.now() + 80);
    const { paymentId } = reply.body.payment;
    server.script(BOOKINGS, reply);
    server.script(CONFIRM, snapshotReply(paymentId, 'processing', 2));
    server.otherwise(STATUS, snapshotReply(paymentId, 'processing', 2));
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));
    await waitForStatus(store, payload.flowId, 'awaitingPayment');
    store.dispatch(
      paymentSubmitted({ flowId: payload.flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }),
    );

    const flow = await waitForStatus(store, payload.flowId, 'reconciling');

    expect(flow.history.at(-1)).toMatchObject({ from: 'processing', cause: 'holdExpired' });
    expect(server.requestsTo(RELEASE)).toHaveLength(0);
  });
});

describe('isolation', () => {
  it('a flow that throws fails alone; another flow runs on to succeeded', async () => {
    const { server, store, sagaTask } = setup();
    const healthy = bookingReply();
    const { paymentId } = healthy.body.payment;
    server.script(BOOKINGS, { crash: 'boom inside the saga' }, healthy);
    server.script(CONFIRM, snapshotReply(paymentId, 'succeeded', 2));

    const broken = store.dispatch(flowStarted(uniqueDraft()));
    const crashed = await waitForStatus(store, broken.payload.flowId, 'failed');
    const other = store.dispatch(flowStarted(uniqueDraft()));
    await waitForStatus(store, other.payload.flowId, 'awaitingPayment');
    store.dispatch(
      paymentSubmitted({
        flowId: other.payload.flowId,
        paymentMethodId: 'pm_card_visa',
        at: Date.now(),
      }),
    );
    await waitForStatus(store, other.payload.flowId, 'succeeded');

    expect(crashed.error).toEqual({
      code: 'internal_error',
      message: 'boom inside the saga',
      retriable: false,
    });
    expect(sagaTask.isRunning()).toBe(true);
  });
});
