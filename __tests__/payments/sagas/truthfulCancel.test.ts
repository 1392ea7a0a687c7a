import {
  cancelRequested,
  flowStarted,
  holdExpired,
  paymentSubmitted,
} from '../../../src/payments/paymentFlowsSlice';
import { selectFlowById, selectFlowDiagnostics } from '../../../src/payments/selectors';
import { createScriptedFetch, releasedReply } from '../../helpers/scriptedFetch';
import {
  testTimings,
  uniqueDraft,
  waitForStatus,
  type TestStore,
} from '../../helpers/paymentsTestStore';
import { nextMacrotask, observe } from '../persistence/persistenceHarness';
import {
  BOOKINGS,
  CONFIRM,
  RELEASE,
  STATUS,
  bookingReply,
  errorReply,
  setup,
  snapshotReply,
  stopSagas,
} from './fixtures';

afterEach(stopSagas);

/** A store over an observed scripted backend, with one flow holding its booking. */
async function heldFlow() {
  const server = createScriptedFetch();
  const { api, waitForRequest } = observe(server);
  const { store } = setup({ api }, server);
  const reply = bookingReply();
  server.script(BOOKINGS, reply);
  const { payload } = store.dispatch(flowStarted(uniqueDraft()));
  await waitForStatus(store, payload.flowId, 'awaitingPayment');
  return { server, store, waitForRequest, flowId: payload.flowId, ...reply.body.payment };
}

const cancel = (store: TestStore, flowId: string) =>
  store.dispatch(cancelRequested({ flowId, at: Date.now() }));

describe('a flow shows only the cancel outcome the server gave (issue 16)', () => {
  it('while the server cannot be reached the flow stays cancelling; cancelled only once it answers', async () => {
    const { server, store, waitForRequest, flowId } = await heldFlow();
    server.script(RELEASE, ...Array.from({ length: 5 }, () => ({ networkError: true as const })));
    server.script(RELEASE, releasedReply('cancelled'));

    cancel(store, flowId);
    await waitForRequest(RELEASE, 5);

    expect(selectFlowById(store.getState(), flowId)?.status).toBe('cancelling');
    await waitForStatus(store, flowId, 'cancelled');
    expect(server.requestsTo(RELEASE)).toHaveLength(6);
  });

  it('a cancel answered with a booking that had already expired leaves the flow expired', async () => {
    const { server, store, flowId } = await heldFlow();
    server.script(RELEASE, releasedReply('expired'));

    cancel(store, flowId);

    const flow = await waitForStatus(store, flowId, 'expired');
    expect(flow.history.at(-1)).toMatchObject({ from: 'cancelling', cause: 'bookingFoundExpired' });
  });

  it('a cancel while reconciling asks the server first: a payment that went through stays succeeded', async () => {
    const { server, store, waitForRequest, flowId, paymentId } = await heldFlow();
    server.otherwise(CONFIRM, { networkError: true });
    server.otherwise(STATUS, { networkError: true });
    store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }));
    await waitForStatus(store, flowId, 'reconciling');

    cancel(store, flowId);
    await waitForStatus(store, flowId, 'cancelling');
    const asked = server.requestsTo(STATUS).length;
    await waitForRequest(STATUS, asked + 2);
    server.otherwise(STATUS, snapshotReply(paymentId, 'succeeded', 3));

    const flow = await waitForStatus(store, flowId, 'succeeded');
    expect(flow.history.at(-1)).toMatchObject({ from: 'cancelling', to: 'succeeded' });
    expect(server.requestsTo(RELEASE)).toHaveLength(0);
  });

  it('a cancel while reconciling, to a server that lost the payment and the booking, ends the flow: never cancelling for ever', async () => {
    const { server, store, flowId } = await heldFlow();
    server.otherwise(CONFIRM, { networkError: true });
    server.otherwise(STATUS, { networkError: true });
    store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }));
    await waitForStatus(store, flowId, 'reconciling');
    // The server restarted with none of its state: it knows neither the payment nor the booking.
    server.otherwise(STATUS, errorReply(404, 'not_found'));
    server.otherwise(RELEASE, errorReply(404, 'not_found'));

    cancel(store, flowId);
    const flow = await waitForStatus(store, flowId, 'failed');

    expect(flow.error?.code).toBe('payment_not_found');
  });

  it.each([
    ['the draft is invalid', errorReply(400, 'invalid_request')],
    ['the owner is at the booking quota', errorReply(429, 'quota_exceeded')],
  ])(
    'a cancel of a booking request in flight ends cancelled when its replay is refused (%s): nothing was booked',
    async (_why, refusal) => {
      const server = createScriptedFetch();
      const { api, waitForRequest } = observe(server);
      const { store } = setup({ api }, server);
      server.script(BOOKINGS, { hang: true }, refusal);
      const { payload } = store.dispatch(flowStarted(uniqueDraft()));
      await waitForRequest(BOOKINGS, 1);

      cancel(store, payload.flowId);

      await waitForStatus(store, payload.flowId, 'cancelled');
      expect(server.requestsTo(BOOKINGS)).toHaveLength(2);
      expect(server.requestsTo(RELEASE)).toHaveLength(0);
    },
  );

  it('a cancel from reconciling whose payment turns out declined releases the booking and ends cancelled', async () => {
    const { server, store, flowId, paymentId } = await heldFlow();
    server.otherwise(CONFIRM, { networkError: true });
    server.otherwise(STATUS, { networkError: true });
    store.dispatch(
      paymentSubmitted({ flowId, paymentMethodId: 'pm_card_declined', at: Date.now() }),
    );
    await waitForStatus(store, flowId, 'reconciling');
    const failure = { code: 'card_declined', message: 'Your card was declined.', retriable: true };
    server.otherwise(STATUS, snapshotReply(paymentId, 'failed', 2, { failure }));
    server.script(RELEASE, releasedReply('cancelled'));

    cancel(store, flowId);

    const flow = await waitForStatus(store, flowId, 'cancelled');
    expect(flow.history.slice(-2).map(({ from, to }) => `${from} -> ${to}`)).toEqual([
      'reconciling -> cancelling',
      'cancelling -> cancelled',
    ]);
    expect(flow.serverSeq).toBe(2);
    expect(server.requestsTo(RELEASE)).toHaveLength(1);
  });

  it('Pay pressed while a cancel is under way is refused, never lost: no confirm, and the cancel ends it', async () => {
    const { server, store, flowId } = await heldFlow();
    server.script(RELEASE, { networkError: true }, releasedReply('cancelled'));

    cancel(store, flowId);
    store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }));

    await waitForStatus(store, flowId, 'cancelled');
    expect(server.requestsTo(CONFIRM)).toHaveLength(0);
    expect(selectFlowDiagnostics(store.getState()).warnings.map((w) => w.message)).toContain(
      'paymentSubmitted ignored in cancelling',
    );
  });
});

/**
 * An observed scripted backend whose every answer comes on a later turn of the event loop, as a
 * real network's does: a client that loops on its answers cannot starve the test's own timers.
 */
function observedOnLaterTurns() {
  const server = createScriptedFetch();
  const observed = observe(server);
  const api = {
    ...observed.api,
    fetch: (input: string, init: RequestInit) =>
      new Promise<Response>((resolve, reject) => {
        setImmediate(() => {
          observed.api.fetch(input, init).then(resolve, reject);
        });
      }),
  };
  return { server, api, waitForRequest: observed.waitForRequest };
}

describe('a cancel from reconciling, the payment already known as processing', () => {
  it('adopts the server’s processing at the same seq instead of looping release/GET while cancelling', async () => {
    const { server, api, waitForRequest } = observedOnLaterTurns();
    const { store } = setup({ api }, server);
    const reply = bookingReply();
    server.script(BOOKINGS, reply);
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));
    const { flowId } = payload;
    const { paymentId } = reply.body.payment;
    await waitForStatus(store, flowId, 'awaitingPayment');

    // Pay: the processor has the money moving (seq 2); the status poll cannot reach the server.
    server.script(CONFIRM, snapshotReply(paymentId, 'processing', 2));
    server.otherwise(STATUS, { networkError: true });
    store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }));
    await waitForStatus(store, flowId, 'processing');

    // The hold deadline passes while processing: the flow reconciles (and still cannot ask).
    store.dispatch(holdExpired({ flowId, at: Date.now() }));
    await waitForStatus(store, flowId, 'reconciling');
    // The user cancels while the client does not know.
    store.dispatch(cancelRequested({ flowId, at: Date.now() }));
    await waitForStatus(store, flowId, 'cancelling');

    // The server is back: the payment is still processing, at the seq the flow already had.
    server.otherwise(STATUS, snapshotReply(paymentId, 'processing', 2));
    server.otherwise(RELEASE, errorReply(409, 'booking_not_cancellable'));
    // Settled either way: the flow takes the server's word, or it asks again and again.
    const outcome = await Promise.race([
      waitForStatus(store, flowId, 'processing').then(() => 'processing'),
      waitForRequest(RELEASE, 5).then(() => 'still releasing'),
    ]);

    expect(outcome).toBe('processing');
    expect(server.requestsTo(RELEASE).length).toBeLessThanOrEqual(1);
  });
});

describe('a step that changes nothing is not re-run at once', () => {
  it('a server that refuses the release but reports the payment still awaiting it is asked again after a pause, not in a storm', async () => {
    const { server, api, waitForRequest } = observedOnLaterTurns();
    const pause = {
      maxAttempts: Number.POSITIVE_INFINITY,
      baseDelayMs: 60_000,
      maxDelayMs: 60_000,
    };
    const { store } = setup({ api, timings: { ...testTimings, statusPoll: pause } }, server);
    const reply = bookingReply();
    server.script(BOOKINGS, reply);
    const { flowId } = store.dispatch(flowStarted(uniqueDraft())).payload;
    const { paymentId, seq } = reply.body.payment;
    await waitForStatus(store, flowId, 'awaitingPayment');
    // Contradictory, as a server mid-confirm can be: not cancellable, yet nothing under way.
    server.otherwise(RELEASE, errorReply(409, 'booking_not_cancellable'));
    server.otherwise(STATUS, snapshotReply(paymentId, 'awaitingPayment', seq));

    cancel(store, flowId);
    await waitForRequest(STATUS, 1);
    for (let turn = 0; turn < 50; turn += 1) await nextMacrotask();

    expect(selectFlowById(store.getState(), flowId)?.status).toBe('cancelling');
    expect(server.requestsTo(RELEASE).length).toBe(1);
  });
});
