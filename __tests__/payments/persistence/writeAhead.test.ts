import { flowStarted, paymentSubmitted } from '../../../src/payments/paymentFlowsSlice';
import { createMemoryStorage, type MemoryStorage } from '../../helpers/memoryStorage';
import { testTimings, uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import { BOOKINGS, CONFIRM, bookingReply, snapshotReply } from '../sagas/fixtures';
import { closeAllApps, rehydrated, startApp, STORAGE_KEY, storedFlow } from './persistenceHarness';

afterEach(closeAllApps);

/**
 * A reload right after Confirm or Pay must find the flow: the throttle (here two seconds, so
 * only a deliberate save can write) may not be what stands between the user and a lost payment.
 */
function appWithSlowThrottle(memory: MemoryStorage) {
  const server = createScriptedFetch();
  const seenInStorage: Record<string, string | undefined> = {};
  const fetch = (url: string, init: RequestInit) => {
    const path = new URL(url).pathname;
    const route = path.endsWith('/confirm') ? CONFIRM : BOOKINGS;
    seenInStorage[route] = memory.get(STORAGE_KEY);
    return server.fetch(url, init);
  };
  const app = startApp({ memory, throttleMs: 2_000, api: { baseUrl: server.baseUrl, fetch } });
  return { app, server, seenInStorage };
}

describe('write-ahead before acting on the server', () => {
  it('stores the flow before the booking request, and before the confirm', async () => {
    const memory = createMemoryStorage();
    const { app, server, seenInStorage } = appWithSlowThrottle(memory);
    const reply = bookingReply();
    server.script(BOOKINGS, reply);
    server.script(CONFIRM, snapshotReply(reply.body.payment.paymentId, 'succeeded', 2));
    await rehydrated(app);

    const { flowId } = app.store.dispatch(flowStarted(uniqueDraft())).payload;
    await waitForStatus(app.store, flowId, 'awaitingPayment');
    app.store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: 1 }));
    await waitForStatus(app.store, flowId, 'succeeded');

    expect(storedFlow(seenInStorage[BOOKINGS], flowId)?.status).toBe('creatingBooking');
    expect(storedFlow(seenInStorage[CONFIRM], flowId)).toMatchObject({
      status: 'confirmingPayment',
      attempt: 1,
      paymentMethodId: 'pm_card_visa',
    });
  });
});

describe('write-ahead under load (issue 11)', () => {
  it('many flows started at once are written ahead in at most two writes, each before its request', async () => {
    const FLOWS = 30;
    const memory = createMemoryStorage({}, { writeDelayMs: 20 });
    const server = createScriptedFetch();
    const storedAtRequest = new Map<string, string | undefined>();
    const fetch = (url: string, init: RequestInit) => {
      const key = (init.headers as Record<string, string>)['Idempotency-Key'] ?? '';
      storedAtRequest.set(key, memory.get(STORAGE_KEY));
      return server.fetch(url, init);
    };
    for (let index = 0; index < FLOWS; index += 1) server.script(BOOKINGS, bookingReply());
    const app = startApp({
      memory,
      throttleMs: 2_000,
      api: { baseUrl: server.baseUrl, fetch },
      // This test is about order, not the timeout: a busy machine must not let a request go first.
      timings: { ...testTimings, writeAheadTimeoutMs: 10_000 },
    });
    await rehydrated(app);
    const writesBefore = memory.writesTo(STORAGE_KEY).length;

    const flowIds = Array.from(
      { length: FLOWS },
      () => app.store.dispatch(flowStarted(uniqueDraft())).payload.flowId,
    );
    await Promise.all(flowIds.map((flowId) => waitForStatus(app.store, flowId, 'awaitingPayment')));

    for (const flowId of flowIds) {
      expect(storedFlow(storedAtRequest.get(flowId), flowId)?.status).toBe('creatingBooking');
    }
    expect(memory.writesTo(STORAGE_KEY).length - writesBefore).toBeLessThanOrEqual(2);
  });
});
