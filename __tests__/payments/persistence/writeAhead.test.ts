import { flowStarted, paymentSubmitted } from '../../../src/payments/paymentFlowsSlice';
import type { KeyValueStorage } from '../../../src/payments/persistence/guardedStorage';
import { isTerminal } from '../../../src/payments/statusMachine';
import { createMemoryStorage, type MemoryStorage } from '../../helpers/memoryStorage';
import {
  testTimings,
  uniqueDraft,
  waitForFlow,
  waitForStatus,
} from '../../helpers/paymentsTestStore';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import {
  BOOKINGS,
  CONFIRM,
  RELEASE,
  STATUS,
  bookingReply,
  errorReply,
  snapshotReply,
} from '../sagas/fixtures';
import type { PersistedFlow } from '../../../src/payments/persistence/flowRecord';
import {
  closeAllApps,
  rehydrated,
  startApp,
  STORAGE_KEY,
  storedFlow,
  storedFlows,
} from './persistenceHarness';

afterEach(closeAllApps);

/**
 * A reload right after Confirm or Pay must find the flow: the throttle (here two seconds, so
 * only a deliberate save can write) may not be what stands between the user and a lost payment.
 */
function appWithSlowThrottle(memory: MemoryStorage) {
  const server = createScriptedFetch();
  const seenInStorage: Record<string, PersistedFlow[] | undefined> = {};
  const fetch = (url: string, init: RequestInit) => {
    const path = new URL(url).pathname;
    const route = path.endsWith('/confirm') ? CONFIRM : BOOKINGS;
    seenInStorage[route] = storedFlows(memory);
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
    const storedAtRequest = new Map<string, PersistedFlow[] | undefined>();
    const fetch = (url: string, init: RequestInit) => {
      const key = (init.headers as Record<string, string>)['Idempotency-Key'] ?? '';
      storedAtRequest.set(key, storedFlows(memory));
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

describe('Pay, its write-ahead not stored in time, then a reload (REST only)', () => {
  it('a restored awaitingPayment flow whose confirm went through is not shown expired when its hold runs out', async () => {
    const memory = createMemoryStorage();
    // Storage that stops answering writes (a busy IndexedDB, a full quota prompt) while closed.
    let closed = false;
    const stalled: (() => void)[] = [];
    const slow: KeyValueStorage = {
      ...memory.storage,
      setItem: (key, value) =>
        closed
          ? new Promise<void>((resolve) => stalled.push(resolve))
          : memory.storage.setItem(key, value),
    };
    const server = createScriptedFetch();
    const api = { baseUrl: server.baseUrl, fetch: server.fetch };
    const first = startApp({ memory: { ...memory, storage: slow }, api });
    await rehydrated(first);

    const reply = bookingReply(Date.now() + 1_500);
    const { paymentId } = reply.body.payment;
    server.script(BOOKINGS, reply);
    const { payload } = first.store.dispatch(flowStarted(uniqueDraft()));
    const { flowId } = payload;
    await waitForStatus(first.store, flowId, 'awaitingPayment');
    await memory.waitForWrite(() => storedFlow(memory, flowId)?.status === 'awaitingPayment');

    // Pay: storage stalls, the write-ahead gives up after its timeout and the confirm goes out.
    closed = true;
    server.script(CONFIRM, snapshotReply(paymentId, 'processing', 2));
    first.store.dispatch(
      paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }),
    );
    await waitForStatus(first.store, flowId, 'processing');
    expect(server.requestsTo(CONFIRM)).toHaveLength(1);

    // The page reloads before storage caught up: the stored flow is still awaitingPayment.
    first.sagaTask.cancel();
    first.persistor.pause();
    expect(storedFlow(memory, flowId)?.status).toBe('awaitingPayment');
    // The charge settles on the server meanwhile; its booking can no longer be released.
    server.otherwise(STATUS, snapshotReply(paymentId, 'succeeded', 3));
    server.otherwise(RELEASE, errorReply(409, 'booking_not_cancellable'));

    const second = startApp({ memory, api });
    await rehydrated(second);
    const ended = await waitForFlow(second.store, flowId, (flow) => isTerminal(flow)).finally(
      () => {
        closed = false;
        for (const release of stalled.splice(0)) release();
      },
    );

    expect(ended.status).toBe('succeeded');
    expect(server.requestsTo(RELEASE)).toHaveLength(0);
  });
});
