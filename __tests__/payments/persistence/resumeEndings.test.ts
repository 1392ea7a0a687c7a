import { flowStarted, paymentSubmitted } from '../../../src/payments/paymentFlowsSlice';
import type { PersistedFlow } from '../../../src/payments/persistence/flowRecord';
import { selectAllFlows } from '../../../src/payments/selectors';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { uniqueDraft, waitForFlow, waitForStatus } from '../../helpers/paymentsTestStore';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import {
  BOOKINGS,
  CONFIRM,
  STATUS,
  bookingReply,
  errorReply,
  snapshotReply,
} from '../sagas/fixtures';
import {
  closeAllApps,
  observe,
  persistedFlow,
  rehydrated,
  reload,
  startApp,
  STORAGE_KEY,
  storedValue,
  waitForState,
} from './persistenceHarness';

afterEach(closeAllApps);

function stored(index: number, overrides: Partial<PersistedFlow>): PersistedFlow {
  return persistedFlow({
    bookingId: `bk_gone_${index}`,
    paymentId: `pay_gone_${index}`,
    amount: { value: 5000, currency: 'EUR' },
    holdExpiresAt: Date.now() + 60_000,
    serverSeq: 2,
    attempt: 1,
    paymentMethodId: 'pm_card_visa',
    ...overrides,
  });
}

describe('after a reload', () => {
  it('a flow in requiresAction, stored without its 3-D Secure URL, asks for it and can go on (issue 8, item 1)', async () => {
    const flow = stored(0, { status: 'requiresAction' });
    const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue([flow]) });
    const server = createScriptedFetch();
    const nextAction = { type: 'redirectToUrl', url: 'https://bank.example/3ds/pay_gone_0' };
    server.otherwise(STATUS, snapshotReply('pay_gone_0', 'requiresAction', 2, { nextAction }));

    const app = startApp({ memory, api: { baseUrl: server.baseUrl, fetch: server.fetch } });

    const restored = await waitForFlow(app.store, flow.flowId, (f) => f.nextAction !== undefined);
    expect(restored).toMatchObject({ status: 'requiresAction', serverSeq: 2, nextAction });
  });

  it('300 stored flows whose payments the server no longer knows end explained after 3 checks each (issue 8, item 2)', async () => {
    const flows = Array.from({ length: 300 }, (_, i) => stored(i, { status: 'processing' }));
    const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue(flows) });
    const server = createScriptedFetch();
    server.otherwise(STATUS, errorReply(404, 'not_found'));

    const app = startApp({ memory, api: { baseUrl: server.baseUrl, fetch: server.fetch } });

    await waitForState(
      app,
      (state) =>
        selectAllFlows(state).length === 300 &&
        selectAllFlows(state).every((f) => f.error?.code === 'payment_not_found'),
      10_000,
    );
    expect(server.requestsTo(STATUS)).toHaveLength(900);
    expect(server.requestsTo(BOOKINGS)).toHaveLength(0);
    expect(selectAllFlows(app.store.getState()).map((f) => f.status)).toEqual(
      Array.from({ length: 300 }, () => 'failed'),
    );
  });
});

describe('a confirm re-sent after a reload (issue 16)', () => {
  it('is the same request on another page, and a 422 for it reconciles to the server’s status', async () => {
    const memory = createMemoryStorage();
    const server = createScriptedFetch();
    const { api, waitForRequest } = observe(server);
    const reply = bookingReply();
    const { paymentId } = reply.body.payment;
    server.script(BOOKINGS, reply);
    server.script(CONFIRM, { hang: true });
    const onPageA = startApp({ memory, api, returnPathFor: (id) => `/page-a?payment_flow=${id}` });
    await rehydrated(onPageA);
    const { payload } = onPageA.store.dispatch(flowStarted(uniqueDraft()));
    await waitForStatus(onPageA.store, payload.flowId, 'awaitingPayment');
    onPageA.store.dispatch(
      paymentSubmitted({ flowId: payload.flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }),
    );
    const first = await waitForRequest(CONFIRM);

    server.script(CONFIRM, errorReply(422, 'idempotency_key_reused'));
    server.otherwise(STATUS, snapshotReply(paymentId, 'succeeded', 3));
    const onPageB = await reload(onPageA, {
      memory,
      api,
      returnPathFor: (id) => `/page-b?payment_flow=${id}`,
    });
    const second = await waitForRequest(CONFIRM, 2);

    expect(second.body).toEqual(first.body);
    expect(second.headers['Idempotency-Key']).toBe(first.headers['Idempotency-Key']);
    const flow = await waitForStatus(onPageB.store, payload.flowId, 'succeeded');
    expect(flow.history.map((step) => step.to).slice(-2)).toEqual(['reconciling', 'succeeded']);
  });
});
