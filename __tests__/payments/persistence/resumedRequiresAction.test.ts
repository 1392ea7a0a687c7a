import { paymentSubmitted, retryRequested } from '../../../src/payments/paymentFlowsSlice';
import { selectFlowById } from '../../../src/payments/selectors';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { waitForStatus } from '../../helpers/paymentsTestStore';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import { CONFIRM, STATUS, snapshotReply } from '../sagas/fixtures';
import {
  closeAllApps,
  persistedFlow,
  startApp,
  STORAGE_KEY,
  storedValue,
  waitForState,
} from './persistenceHarness';

afterEach(closeAllApps);

const PAYMENT_ID = 'pay_3ds_reload';

/** A flow reloaded in requiresAction (its 3-D Secure URL is never stored). */
const storedIn3ds = () =>
  persistedFlow({
    status: 'requiresAction',
    bookingId: 'bk_3ds_reload',
    paymentId: PAYMENT_ID,
    amount: { value: 5000, currency: 'EUR' },
    holdExpiresAt: Date.now() + 60_000,
    serverSeq: 2,
    attempt: 1,
    paymentMethodId: 'pm_card_3ds',
  });

describe('a flow restored in requiresAction whose 3-D Secure step already ended on the server', () => {
  it('a 3-D Secure denial seen after the reload can be retried: the next confirm is sent', async () => {
    const flow = storedIn3ds();
    const server = createScriptedFetch();
    const denied = { code: 'authentication_failed', message: 'Denied', retriable: true };
    server.script(STATUS, snapshotReply(PAYMENT_ID, 'failed', 3, { failure: denied }));
    server.otherwise(STATUS, snapshotReply(PAYMENT_ID, 'failed', 3, { failure: denied }));
    server.script(CONFIRM, snapshotReply(PAYMENT_ID, 'succeeded', 4));
    const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue([flow]) });
    const app = startApp({ memory, api: { baseUrl: server.baseUrl, fetch: server.fetch } });

    await waitForStatus(app.store, flow.flowId, 'failed');
    app.store.dispatch(retryRequested({ flowId: flow.flowId, at: Date.now() }));
    await waitForStatus(app.store, flow.flowId, 'awaitingPayment');
    app.store.dispatch(
      paymentSubmitted({ flowId: flow.flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }),
    );

    // Before the fix the flow stayed in confirmingPayment: its task was still polling for a
    // 3-D Secure URL that would never come, and nothing sent the confirm.
    await waitForStatus(app.store, flow.flowId, 'succeeded');
    expect(server.requestsTo(CONFIRM)).toHaveLength(1);
  });

  it('a payment that succeeded meanwhile ends its task: asked once, then retired', async () => {
    const flow = storedIn3ds();
    const server = createScriptedFetch();
    server.otherwise(STATUS, snapshotReply(PAYMENT_ID, 'succeeded', 3));
    const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue([flow]) });
    const app = startApp({
      memory,
      retentionMs: 50,
      api: { baseUrl: server.baseUrl, fetch: server.fetch },
    });

    await waitForStatus(app.store, flow.flowId, 'succeeded');
    // Retirement is the task's epilogue: before the fix the task kept polling for the URL and
    // never got there.
    await waitForState(app, (state) => selectFlowById(state, flow.flowId) === undefined);
    expect(server.requestsTo(STATUS)).toHaveLength(1);
  });
});
