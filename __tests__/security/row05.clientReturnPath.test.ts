/**
 * Issue 10, row 5 (the client's half): a return path that leads off-site once a browser or a
 * server reads it is never stored with an attempt nor sent in a confirm.
 */
import { isSameOriginPath } from '../../src/payments/apiSchemas';
import { flowStarted, paymentSubmitted } from '../../src/payments/paymentFlowsSlice';
import { uniqueDraft, waitForStatus } from '../helpers/paymentsTestStore';
import {
  BOOKINGS,
  CONFIRM,
  bookingReply,
  setup,
  snapshotReply,
  stopSagas,
} from '../payments/sagas/fixtures';

afterEach(stopSagas);

const OFF_SITE = [
  '/\\evil.example/',
  '/\\/evil.example/',
  '/%09/evil.example/',
  '/%0A/evil.example/',
  '/\t/evil.example/',
  '//evil.example/',
  '/%2F/evil.example/',
  '/%5Cevil.example/',
  'https://evil.example/',
  'javascript:alert(1)',
];

describe('row 5: return paths', () => {
  it.each(OFF_SITE)('%j is refused', (path) => {
    expect(isSameOriginPath(path)).toBe(false);
  });

  it.each(['/', '/book?payment_flow=f-1', '/rooms/%C3%A9t%C3%A9#pay'])('%j is kept', (path) => {
    expect(isSameOriginPath(path)).toBe(true);
  });

  it('a host whose return path leads off-site: the confirm carries none', async () => {
    const { server, store } = setup({ returnPathFor: () => '/\\evil.example/' });
    const reply = bookingReply();
    server.script(BOOKINGS, reply);
    server.script(CONFIRM, snapshotReply(reply.body.payment.paymentId, 'succeeded', 2));
    const { flowId } = store.dispatch(flowStarted(uniqueDraft())).payload;
    await waitForStatus(store, flowId, 'awaitingPayment');
    store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }));
    const flow = await waitForStatus(store, flowId, 'succeeded');

    expect(server.requestsTo(CONFIRM).map((request) => request.body)).toEqual([
      { paymentMethodId: 'pm_card_visa' },
    ]);
    expect(flow.returnPath).toBeUndefined();
  });
});
