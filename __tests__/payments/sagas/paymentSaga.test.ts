import {
  flowStarted,
  paymentSubmitted,
  retryRequested,
} from '../../../src/payments/paymentFlowsSlice';
import type { TestStore } from '../../helpers/paymentsTestStore';
import { uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import type { ScriptedFetch } from '../../helpers/scriptedFetch';
import {
  BOOKINGS,
  CONFIRM,
  STATUS,
  bookingReply,
  errorReply,
  setup,
  snapshotReply,
  stopSagas,
} from './fixtures';

afterEach(stopSagas);

async function flowAwaitingPayment(server: ScriptedFetch, store: TestStore) {
  const reply = bookingReply();
  server.script(BOOKINGS, reply);
  const { payload } = store.dispatch(flowStarted(uniqueDraft()));
  await waitForStatus(store, payload.flowId, 'awaitingPayment');
  return { flowId: payload.flowId, paymentId: reply.body.payment.paymentId };
}

const submit = (flowId: string, paymentMethodId = 'pm_card_visa') =>
  paymentSubmitted({ flowId, paymentMethodId, at: Date.now() });

describe('payment saga', () => {
  it('confirms with key flowId:attempt, then follows the status to succeeded', async () => {
    const { server, store } = setup();
    const { flowId, paymentId } = await flowAwaitingPayment(server, store);
    server.script(CONFIRM, snapshotReply(paymentId, 'processing', 2));
    server.script(STATUS, snapshotReply(paymentId, 'processing', 2));
    server.otherwise(STATUS, snapshotReply(paymentId, 'succeeded', 3));

    store.dispatch(submit(flowId));
    const flow = await waitForStatus(store, flowId, 'succeeded');

    const [confirm] = server.requestsTo(CONFIRM);
    expect(confirm?.headers['Idempotency-Key']).toBe(`${flowId}:1`);
    expect(confirm?.body).toEqual({ paymentMethodId: 'pm_card_visa' });
    expect(flow.history.map((step) => step.to)).toEqual([
      'creatingBooking',
      'awaitingPayment',
      'confirmingPayment',
      'processing',
      'succeeded',
    ]);
    expect(flow.serverSeq).toBe(3);
  });

  it('after a decline, a retry confirms again with a new attempt key', async () => {
    const { server, store } = setup();
    const { flowId, paymentId } = await flowAwaitingPayment(server, store);
    const failure = { code: 'card_declined', message: 'Your card was declined.', retriable: true };
    server.script(CONFIRM, snapshotReply(paymentId, 'failed', 2, { failure }));

    store.dispatch(submit(flowId, 'pm_card_declined'));
    const failed = await waitForStatus(store, flowId, 'failed');
    expect(failed.error).toEqual(failure);

    server.script(CONFIRM, snapshotReply(paymentId, 'succeeded', 3));
    store.dispatch(retryRequested({ flowId, at: Date.now() }));
    await waitForStatus(store, flowId, 'awaitingPayment');
    store.dispatch(submit(flowId, 'pm_card_visa'));
    await waitForStatus(store, flowId, 'succeeded');

    const keys = server.requestsTo(CONFIRM).map((request) => request.headers['Idempotency-Key']);
    expect(keys).toEqual([`${flowId}:1`, `${flowId}:2`]);
  });

  it('moves to requiresAction with the next action from the server', async () => {
    const { server, store } = setup();
    const { flowId, paymentId } = await flowAwaitingPayment(server, store);
    const nextAction = { type: 'redirectToUrl', url: 'https://bank.test/3ds/x' };
    server.script(CONFIRM, snapshotReply(paymentId, 'requiresAction', 2, { nextAction }));
    server.otherwise(STATUS, snapshotReply(paymentId, 'requiresAction', 2, { nextAction }));

    store.dispatch(submit(flowId, 'pm_card_3ds'));
    const flow = await waitForStatus(store, flowId, 'requiresAction');

    expect(flow.nextAction).toEqual(nextAction);
  });

  it('an unanswered confirm is never retried as a new charge: it reconciles with the server', async () => {
    const { server, store } = setup();
    const { flowId, paymentId } = await flowAwaitingPayment(server, store);
    server.otherwise(CONFIRM, { networkError: true });
    server.script(STATUS, snapshotReply(paymentId, 'processing', 2));
    server.otherwise(STATUS, snapshotReply(paymentId, 'succeeded', 3));

    store.dispatch(submit(flowId));
    await waitForStatus(store, flowId, 'reconciling');
    const flow = await waitForStatus(store, flowId, 'succeeded');

    const keys = new Set(server.requestsTo(CONFIRM).map((r) => r.headers['Idempotency-Key']));
    expect(keys).toEqual(new Set([`${flowId}:1`]));
    expect(flow.attempt).toBe(1);
  });

  it('a confirm the server refuses (4xx) is not shown as a payment failure: the flow takes the server’s status', async () => {
    const { server, store } = setup();
    const { flowId, paymentId } = await flowAwaitingPayment(server, store);
    server.script(CONFIRM, errorReply(400, 'invalid_payment_method'));
    server.otherwise(STATUS, snapshotReply(paymentId, 'awaitingPayment', 1));

    store.dispatch(submit(flowId, 'pm_unknown'));
    await waitForStatus(store, flowId, 'reconciling');
    const flow = await waitForStatus(store, flowId, 'awaitingPayment');

    expect(flow.error).toBeUndefined();
    expect(flow.history.map((step) => step.to).slice(-3)).toEqual([
      'confirmingPayment',
      'reconciling',
      'awaitingPayment',
    ]);
  });
});
