/**
 * Issue 10, row 6: a server that sends `nextAction.url = "javascript:…"` (or a plain-HTTP page
 * elsewhere) must not get the shop's page to follow it. Each test is the attack; it passes only
 * if the attack fails.
 */
import {
  flowStarted,
  paymentSubmitted,
  redirectRequested,
} from '../../src/payments/paymentFlowsSlice';
import { selectFlowById } from '../../src/payments/selectors';
import type { PaymentsStoreOptions } from '../../src/payments/createPaymentsStore';
import { uniqueDraft, waitForStatus } from '../helpers/paymentsTestStore';
import {
  BOOKINGS,
  CONFIRM,
  STATUS,
  bookingReply,
  setup,
  snapshotReply,
  stopSagas,
} from '../payments/sagas/fixtures';

afterEach(stopSagas);

/** A flow whose confirm the server answers with 3-D Secure at `url`; what the page navigated to. */
async function challengedAt(url: string, options: Partial<PaymentsStoreOptions> = {}) {
  const navigated: string[] = [];
  const { server, store } = setup({
    ...options,
    navigate: (to) => {
      navigated.push(to);
    },
  });
  const reply = bookingReply();
  const { paymentId } = reply.body.payment;
  server.script(BOOKINGS, reply);
  const nextAction = { type: 'redirectToUrl', url };
  server.script(CONFIRM, snapshotReply(paymentId, 'requiresAction', 2, { nextAction }));
  server.otherwise(STATUS, snapshotReply(paymentId, 'requiresAction', 2, { nextAction }));
  const { flowId } = store.dispatch(flowStarted(uniqueDraft())).payload;
  await waitForStatus(store, flowId, 'awaitingPayment');
  store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_3ds', at: Date.now() }));
  await waitForStatus(store, flowId, 'requiresAction');
  return { store, flowId, navigated };
}

describe('row 6: the 3-D Secure URL a server sends', () => {
  it.each([
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['plain HTTP to another host', 'http://evil.example/3ds'],
    ['not a URL', 'not a url'],
  ])('%s: the flow fails with a clear error and the page goes nowhere', async (_, url) => {
    const { store, flowId, navigated } = await challengedAt(url);
    const failed = await waitForStatus(store, flowId, 'failed');
    store.dispatch(redirectRequested({ flowId, at: Date.now() }));

    expect(failed.error).toMatchObject({ code: 'unsafe_redirect', retriable: true });
    expect(failed.nextAction).toBeUndefined();
    expect(navigated).toEqual([]);
  });

  it('outside the redirectHosts allowlist: refused even over HTTPS', async () => {
    const { store, flowId } = await challengedAt('https://phish.example/3ds', {
      redirectHosts: ['bank.example'],
    });
    const failed = await waitForStatus(store, flowId, 'failed');
    expect(failed.error?.code).toBe('unsafe_redirect');
  });

  it.each([
    ['an HTTPS bank page', 'https://bank.example/3ds/pay_1', undefined],
    ['an allowlisted host', 'https://bank.example/3ds/pay_1', ['bank.example']],
    ['the demo server on loopback', 'http://127.0.0.1:4100/3ds/pay_1', undefined],
  ])('%s is followed', async (_, url, redirectHosts) => {
    const { store, flowId, navigated } = await challengedAt(
      url,
      redirectHosts ? { redirectHosts } : {},
    );
    store.dispatch(redirectRequested({ flowId, at: Date.now() }));
    await new Promise((resolve) => setImmediate(resolve));

    expect(selectFlowById(store.getState(), flowId)?.status).toBe('requiresAction');
    expect(navigated).toEqual([url]);
  });
});
