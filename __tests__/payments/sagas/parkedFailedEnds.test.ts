import {
  flowStarted,
  paymentStatusesReceived,
  paymentSubmitted,
} from '../../../src/payments/paymentFlowsSlice';
import { uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import {
  BOOKINGS,
  CONFIRM,
  RELEASE,
  bookingReply,
  setup,
  snapshotReply,
  stopSagas,
} from './fixtures';
import { observe } from '../persistence/persistenceHarness';
import { createScriptedFetch } from '../../helpers/scriptedFetch';

afterEach(stopSagas);

describe('a failed flow waiting for a retry that the server then fails for good', () => {
  it('ends at once: its booking is released', async () => {
    const server = createScriptedFetch();
    const { api, waitForRequest } = observe(server);
    const { store } = setup({ api, retentionMs: 60_000 }, server);
    const reply = bookingReply(Date.now() + 60_000);
    const { paymentId } = reply.body.payment;
    server.script(BOOKINGS, reply);
    const declined = { code: 'card_declined', message: 'Declined', retriable: true };
    server.script(CONFIRM, snapshotReply(paymentId, 'failed', 2, { failure: declined }));
    server.otherwise(RELEASE, {
      status: 200,
      body: { bookingId: reply.body.bookingId, status: 'cancelled' },
    });
    const { flowId } = store.dispatch(flowStarted(uniqueDraft())).payload;
    await waitForStatus(store, flowId, 'awaitingPayment');
    store.dispatch(
      paymentSubmitted({ flowId, paymentMethodId: 'pm_card_declined', at: Date.now() }),
    );
    await waitForStatus(store, flowId, 'failed');

    // The server's next word (a socket event): the payment is failed for good.
    const final = { code: 'fraud_suspected', message: 'Blocked', retriable: false };
    store.dispatch(
      paymentStatusesReceived({
        updates: [{ paymentId, status: 'failed', seq: 3, occurredAt: Date.now(), failure: final }],
        at: Date.now(),
      }),
    );

    // The flow is final: released now, not when the hold runs out a minute later.
    await waitForRequest(RELEASE, 1, 1_000);
  });
});
