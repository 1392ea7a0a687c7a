import { paymentSubmitted } from '../../../src/payments/paymentFlowsSlice';
import { selectFlowById } from '../../../src/payments/selectors';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { waitForStatus } from '../../helpers/paymentsTestStore';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import { CONFIRM, snapshotReply } from '../sagas/fixtures';
import {
  closeAllApps,
  observe,
  persistedFlow,
  rehydrated,
  reload,
  startApp,
  STORAGE_KEY,
  storedFlow,
  storedValue,
} from './persistenceHarness';

afterEach(closeAllApps);

/**
 * The page that saved this flow ran with a clock a minute fast (corrected since, by NTP or by
 * the user): its `updatedAt` is ahead of this page's clock. This tab's own later changes must
 * still be what it writes: the write-ahead of Pay must store `confirmingPayment`, so a reload
 * while the confirm is unanswered re-sends it instead of showing Pay again.
 */
describe('a stored flow stamped by a clock that was ahead', () => {
  it('the write-ahead of Pay stores the confirm, and a reload re-sends it with the same key', async () => {
    const ahead = Date.now() + 60_000;
    const flow = persistedFlow({
      status: 'awaitingPayment',
      bookingId: 'bk_clock',
      paymentId: 'pay_clock',
      amount: { value: 5000, currency: 'EUR' },
      holdExpiresAt: Date.now() + 10 * 60_000,
      serverSeq: 1,
      createdAt: ahead - 1_000,
      updatedAt: ahead,
    });
    const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue([flow]) });
    const server = createScriptedFetch();
    const seen = observe(server);
    // The confirm reaches the server, whose answer is lost: the page is reloaded meanwhile.
    server.script(CONFIRM, { hang: true });
    const options = { memory, throttleMs: 2_000, api: seen.api };
    const app = startApp(options);
    await rehydrated(app);

    app.store.dispatch(
      paymentSubmitted({ flowId: flow.flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }),
    );
    await seen.waitForRequest(CONFIRM);

    // What the write-ahead stored before the confirm was sent.
    expect(storedFlow(memory, flow.flowId)).toMatchObject({
      status: 'confirmingPayment',
      attempt: 1,
      paymentMethodId: 'pm_card_visa',
    });

    server.script(CONFIRM, snapshotReply('pay_clock', 'succeeded', 2));
    const after = await reload(app, options);
    await rehydrated(after);
    await waitForStatus(after.store, flow.flowId, 'succeeded');
    expect(server.requestsTo(CONFIRM).map((r) => r.headers['Idempotency-Key'])).toEqual([
      `${flow.flowId}:1`,
      `${flow.flowId}:1`,
    ]);
    expect(selectFlowById(after.store.getState(), flow.flowId)?.attempt).toBe(1);
  });
});
