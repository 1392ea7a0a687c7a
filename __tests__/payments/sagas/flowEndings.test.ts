import {
  cancelRequested,
  flowStarted,
  paymentSubmitted,
  redirectRequested,
  retryRequested,
} from '../../../src/payments/paymentFlowsSlice';
import { selectFlowById } from '../../../src/payments/selectors';
import { MAX_PAYMENT_ATTEMPTS } from '../../../src/payments/statusMachine';
import { createLogger } from '../../../src/payments/logger';
import { createScriptedFetch, releasedReply } from '../../helpers/scriptedFetch';
import { observe } from '../persistence/persistenceHarness';
import {
  uniqueDraft,
  waitForFlow,
  waitForStatus,
  type TestStore,
} from '../../helpers/paymentsTestStore';
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

const declined = { code: 'card_declined', message: 'Declined', retriable: true };

async function heldFlow(store: TestStore) {
  const { payload } = store.dispatch(flowStarted(uniqueDraft()));
  await waitForStatus(store, payload.flowId, 'awaitingPayment');
  return payload.flowId;
}

const pay = (store: TestStore, flowId: string, paymentMethodId = 'pm_card_visa') =>
  store.dispatch(paymentSubmitted({ flowId, paymentMethodId, at: Date.now() }));

/** Resolves once the flow has left the store. */
const retired = (store: TestStore, flowId: string) =>
  new Promise<void>((resolve) => {
    const check = () => {
      if (selectFlowById(store.getState(), flowId)) return;
      unsubscribe();
      resolve();
    };
    const unsubscribe = store.subscribe(check);
    check();
  });

describe('a payment the server says does not exist (issue 8, item 2)', () => {
  it('ends failed with payment_not_found after three 404s, and nothing is re-sent', async () => {
    const { server, store } = setup();
    const reply = bookingReply();
    const { paymentId } = reply.body.payment;
    server.script(BOOKINGS, reply);
    server.script(CONFIRM, snapshotReply(paymentId, 'processing', 2));
    server.otherwise(STATUS, errorReply(404, 'not_found'));
    const flowId = await heldFlow(store);

    pay(store, flowId, 'pm_card_slow');
    const flow = await waitForStatus(store, flowId, 'failed');

    expect(flow.error).toMatchObject({ code: 'payment_not_found', retriable: false });
    expect(server.requestsTo(STATUS)).toHaveLength(3);
    expect(server.requestsTo(BOOKINGS)).toHaveLength(1);
    expect(server.requestsTo(CONFIRM)).toHaveLength(1);
  });

  it('a confirm answered 404 ends the flow explained, not retriable with the same dead payment', async () => {
    const { server, store } = setup();
    server.script(BOOKINGS, bookingReply());
    server.script(CONFIRM, errorReply(404, 'not_found'));
    const flowId = await heldFlow(store);

    pay(store, flowId);
    const flow = await waitForStatus(store, flowId, 'failed');

    expect(flow.error).toMatchObject({ code: 'payment_not_found', retriable: false });
  });
});

describe('a cancelled flow is retired like any other (issue 8, item 3)', () => {
  it('leaves the store after the retention time', async () => {
    const { server, store } = setup({ retentionMs: 20 });
    server.script(BOOKINGS, bookingReply());
    server.script(RELEASE, releasedReply());
    const flowId = await heldFlow(store);

    store.dispatch(cancelRequested({ flowId, at: Date.now() }));
    await waitForStatus(store, flowId, 'cancelled');

    await retired(store, flowId);
  });
});

describe('a crash never leaves a flow without a driver (issue 8, item 4)', () => {
  it('a crash while processing goes to reconciling and keeps asking until the server settles it', async () => {
    const { server, store } = setup();
    const reply = bookingReply();
    const { paymentId } = reply.body.payment;
    server.script(BOOKINGS, reply);
    server.script(CONFIRM, snapshotReply(paymentId, 'processing', 2));
    server.script(STATUS, { crash: 'boom while polling' });
    server.otherwise(STATUS, snapshotReply(paymentId, 'succeeded', 3));
    const flowId = await heldFlow(store);

    pay(store, flowId);
    const flow = await waitForStatus(store, flowId, 'succeeded');

    expect(flow.history.map((step) => step.to)).toEqual([
      'creatingBooking',
      'awaitingPayment',
      'confirmingPayment',
      'processing',
      'reconciling',
      'succeeded',
    ]);
  });

  it('a cancel whose status check throws keeps its driver, and ends with the server’s status', async () => {
    const server = createScriptedFetch();
    const { api, waitForRequest } = observe(server);
    const { store } = setup({ api }, server);
    const reply = bookingReply();
    const { paymentId } = reply.body.payment;
    server.script(BOOKINGS, reply);
    server.script(RELEASE, errorReply(409, 'booking_not_cancellable'));
    server.otherwise(RELEASE, errorReply(409, 'booking_not_cancellable'));
    server.script(STATUS, { crash: 'boom in the status check' });
    server.otherwise(STATUS, snapshotReply(paymentId, 'succeeded', 3));
    const flowId = await heldFlow(store);

    store.dispatch(cancelRequested({ flowId, at: Date.now() }));
    await waitForRequest(STATUS);

    const flow = await waitForStatus(store, flowId, 'succeeded');
    expect(flow.history.map((step) => step.to).slice(-2)).toEqual(['cancelling', 'succeeded']);
    expect(server.requestsTo(STATUS).length).toBeGreaterThanOrEqual(2);
  });
});

describe('a host callback that throws stops nothing (issue 8, item 5)', () => {
  it('a throwing navigate is logged, and the sagas and the other flows go on', async () => {
    const navigations: string[] = [];
    let navigated = (): void => undefined;
    const navigation = (count: number) =>
      new Promise<void>((resolve) => {
        navigated = () => {
          if (navigations.length >= count) resolve();
        };
        navigated();
      });
    const errors: string[] = [];
    const { server, store, sagaTask } = setup({
      logger: createLogger({
        sink: (level, message) => {
          if (level === 'error') errors.push(message);
        },
      }),
      navigate: (url) => {
        navigations.push(url);
        navigated();
        throw new Error('the host router is broken');
      },
    });
    const threeDs = bookingReply();
    const other = bookingReply();
    const nextAction = { type: 'redirectToUrl', url: 'https://bank.example/3ds' };
    server.script(BOOKINGS, threeDs, other);
    server.script(
      CONFIRM,
      snapshotReply(threeDs.body.payment.paymentId, 'requiresAction', 2, { nextAction }),
      snapshotReply(other.body.payment.paymentId, 'succeeded', 2),
    );
    const flowId = await heldFlow(store);
    pay(store, flowId, 'pm_card_3ds');
    await waitForStatus(store, flowId, 'requiresAction');

    store.dispatch(redirectRequested({ flowId, at: Date.now() }));
    await navigation(1);
    const otherFlowId = await heldFlow(store);
    pay(store, otherFlowId);
    await waitForStatus(store, otherFlowId, 'succeeded');
    store.dispatch(redirectRequested({ flowId, at: Date.now() }));
    await navigation(2);

    expect(sagaTask.isRunning()).toBe(true);
    expect(errors).toEqual(['navigate to 3-D Secure failed', 'navigate to 3-D Secure failed']);
  });
});

describe('attempt 4 is never sent (issue 8, item 7)', () => {
  it('two declines, a third confirm unanswered, the server offering another attempt: the flow fails', async () => {
    const { server, store } = setup();
    const reply = bookingReply();
    const { paymentId } = reply.body.payment;
    server.script(BOOKINGS, reply);
    server.script(
      CONFIRM,
      snapshotReply(paymentId, 'failed', 2, { failure: declined }),
      snapshotReply(paymentId, 'failed', 3, { failure: declined }),
    );
    server.otherwise(CONFIRM, { networkError: true });
    server.otherwise(STATUS, snapshotReply(paymentId, 'awaitingPayment', 4));
    const flowId = await heldFlow(store);
    for (let attempt = 1; attempt < MAX_PAYMENT_ATTEMPTS; attempt += 1) {
      pay(store, flowId, 'pm_card_declined');
      await waitForFlow(
        store,
        flowId,
        (flow) => flow.status === 'failed' && flow.attempt === attempt,
      );
      store.dispatch(retryRequested({ flowId, at: Date.now() }));
    }
    pay(store, flowId);

    const flow = await waitForStatus(store, flowId, 'failed');
    pay(store, flowId);

    expect(flow.error).toMatchObject({ code: 'attempts_exhausted', retriable: false });
    const keys = new Set(server.requestsTo(CONFIRM).map((r) => r.headers['Idempotency-Key']));
    expect([...keys]).toEqual([`${flowId}:1`, `${flowId}:2`, `${flowId}:3`]);
  });
});
