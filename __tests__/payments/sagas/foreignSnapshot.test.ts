import { flowStarted, paymentSubmitted } from '../../../src/payments/paymentFlowsSlice';
import { selectFlowById } from '../../../src/payments/selectors';
import { uniqueDraft, waitForFlow, waitForStatus } from '../../helpers/paymentsTestStore';
import {
  BOOKINGS,
  CONFIRM,
  STATUS,
  bookingReply,
  setup,
  snapshotReply,
  stopSagas,
} from './fixtures';

afterEach(stopSagas);

describe('a REST answer about another payment', () => {
  it('a confirm answered with another flow’s payment changes neither flow by it', async () => {
    const { server, store } = setup();
    const replyA = bookingReply();
    const replyB = bookingReply();
    server.script(BOOKINGS, replyA, replyB);
    const paymentA = replyA.body.payment.paymentId;
    const paymentB = replyB.body.payment.paymentId;
    const a = store.dispatch(flowStarted(uniqueDraft())).payload.flowId;
    await waitForStatus(store, a, 'awaitingPayment');
    const b = store.dispatch(flowStarted(uniqueDraft())).payload.flowId;
    await waitForStatus(store, b, 'awaitingPayment');
    // A broken backend (or proxy cache) answers A's confirm with B's payment.
    server.script(CONFIRM, snapshotReply(paymentB, 'succeeded', 5));
    server.otherwise(STATUS, snapshotReply(paymentA, 'processing', 2));

    store.dispatch(
      paymentSubmitted({ flowId: a, paymentMethodId: 'pm_card_visa', at: Date.now() }),
    );
    await waitForFlow(store, a, (flow) => flow.status !== 'confirmingPayment');

    // B was never paid for: nobody confirmed it.
    expect(selectFlowById(store.getState(), b)?.status).toBe('awaitingPayment');
    expect(server.requestsTo(CONFIRM).map((r) => r.path)).toEqual([
      `/api/payments/${paymentA}/confirm`,
    ]);
  });
});
