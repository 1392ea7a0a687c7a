import {
  flowStarted,
  paymentStatusesReceived,
  paymentSubmitted,
  redirectRequested,
} from '../../../src/payments/paymentFlowsSlice';
import type { PersistedFlow } from '../../../src/payments/persistence/flowRecord';
import { flowEntryKey } from '../../../src/payments/persistence/storageLayout';
import { createMemoryStorage, type MemoryStorage } from '../../helpers/memoryStorage';
import { uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import { createScriptedFetch, type ScriptedFetch } from '../../helpers/scriptedFetch';
import { BOOKINGS, CONFIRM, STATUS, bookingReply, snapshotReply } from '../sagas/fixtures';
import {
  closeAllApps,
  persistedFlow,
  rehydrated,
  startApp,
  STORAGE_KEY,
  storedFlow,
  storedValue,
  type App,
} from './persistenceHarness';

afterEach(closeAllApps);

const sleep = (ms: number) =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

describe('throttled writes', () => {
  const THROTTLE_MS = 100;
  // RTK's dev-only checks warn when one of 1,000 dispatches is slow; that is not the subject.
  const devCheckWarning = /InvariantMiddleware took \d+ms/;
  let restoreWarn = (): void => undefined;
  beforeEach(() => {
    const warn = console.warn.bind(console);
    const spy = jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      if (!devCheckWarning.test(String(args[0]))) warn(...args);
    });
    restoreWarn = () => {
      spy.mockRestore();
    };
  });
  afterEach(() => {
    restoreWarn();
  });

  it('a burst of 1,000 status events writes at most once per window, ending with the last seq', async () => {
    const flow = persistedFlow({
      status: 'awaitingPayment',
      bookingId: 'bk_burst',
      paymentId: 'pay_burst',
      serverSeq: 1,
      holdExpiresAt: Date.now() + 60_000,
    });
    const server = createScriptedFetch();
    server.otherwise(STATUS, { hang: true });
    const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue([flow]) });
    const app = startApp({
      memory,
      throttleMs: THROTTLE_MS,
      api: { baseUrl: server.baseUrl, fetch: server.fetch },
    });
    await rehydrated(app);
    await memory.waitForWrite((write) => write.key === STORAGE_KEY);

    // Time is the subject here: 20 chunks of 50 events, 15 ms apart, span about 3 windows.
    const startedAt = Date.now();
    let seq = flow.serverSeq;
    for (let chunk = 0; chunk < 20; chunk += 1) {
      for (let event = 0; event < 50; event += 1) {
        seq += 1;
        const update = {
          paymentId: 'pay_burst',
          status: 'processing' as const,
          seq,
          occurredAt: 1,
        };
        app.store.dispatch(paymentStatusesReceived({ updates: [update], at: Date.now() }));
      }
      await sleep(15);
    }
    await memory.waitForWrite(() => storedFlow(memory, flow.flowId)?.serverSeq === seq);

    const burst = memory
      .writesTo(flowEntryKey(STORAGE_KEY, flow.flowId))
      .filter((write) => write.startedAt >= startedAt);
    const elapsed = (burst.at(-1)?.completedAt ?? Date.now()) - startedAt;
    expect(seq).toBe(1_001);
    expect(burst.length).toBeGreaterThan(0);
    expect(burst.length).toBeLessThanOrEqual(Math.ceil(elapsed / THROTTLE_MS) + 1);
    const gaps = burst.slice(1).map((write, index) => write.startedAt - burst[index]!.startedAt);
    // Timer callbacks run late under load, so a gap can look shorter than a window; unthrottled
    // writes would be one per chunk, 15 ms apart.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(THROTTLE_MS / 2);
    expect(storedFlow(memory, flow.flowId)).toMatchObject({
      status: 'processing',
      serverSeq: 1_001,
    });
  });
});

describe('flush before the 3-D Secure redirect', () => {
  const REDIRECT_URL = 'https://acs.example/3ds/pay';

  /** Records, at each navigate, whether the flow was already written in requiresAction. */
  function navigateSpy(memory: MemoryStorage, flowId: () => string) {
    const calls: { url: string; savedBefore: boolean }[] = [];
    let resolveFirst = (): void => undefined;
    const firstCall = new Promise<void>((resolve) => {
      resolveFirst = resolve;
    });
    const navigate = (url: string): void => {
      calls.push({ url, savedBefore: isSaved(memory, flowId()) });
      resolveFirst();
    };
    return { navigate, calls, firstCall };
  }

  const isSaved = (memory: MemoryStorage, flowId: string) =>
    memory
      .writesTo(flowEntryKey(STORAGE_KEY, flowId))
      .some(
        (write) =>
          write.completedAt !== undefined &&
          (JSON.parse(write.value) as PersistedFlow).status === 'requiresAction',
      );

  /** A flow driven to requiresAction with a redirect URL. */
  async function toRequiresAction(app: App, server: ScriptedFetch): Promise<string> {
    const reply = bookingReply();
    server.script(BOOKINGS, reply);
    server.script(
      CONFIRM,
      snapshotReply(reply.body.payment.paymentId, 'requiresAction', 2, {
        nextAction: { type: 'redirectToUrl', url: REDIRECT_URL },
      }),
    );
    const { flowId } = app.store.dispatch(flowStarted(uniqueDraft())).payload;
    await waitForStatus(app.store, flowId, 'awaitingPayment');
    app.store.dispatch(
      paymentSubmitted({ flowId, paymentMethodId: 'pm_card_3ds', at: Date.now() }),
    );
    await waitForStatus(app.store, flowId, 'requiresAction');
    return flowId;
  }

  it('navigates only after the write holding the flow has completed', async () => {
    const server = createScriptedFetch();
    server.otherwise(STATUS, { hang: true });
    // A long window and a slow write: only the flush can get the flow saved before navigate.
    const memory = createMemoryStorage({}, { writeDelayMs: 40 });
    let flowId = '';
    const spy = navigateSpy(memory, () => flowId);
    const app = startApp({
      memory,
      throttleMs: 1_000,
      navigate: spy.navigate,
      api: { baseUrl: server.baseUrl, fetch: server.fetch },
    });
    await rehydrated(app);
    flowId = await toRequiresAction(app, server);
    expect(isSaved(memory, flowId)).toBe(false);

    app.store.dispatch(redirectRequested({ flowId, at: Date.now() }));
    await spy.firstCall;

    expect(spy.calls).toEqual([{ url: REDIRECT_URL, savedBefore: true }]);
  });

  it('never navigates for a flow without a next action', async () => {
    const unpaid = persistedFlow({
      status: 'awaitingPayment',
      bookingId: 'bk_u',
      paymentId: 'pay_u',
      serverSeq: 1,
      holdExpiresAt: Date.now() + 60_000,
    });
    // Restored in requiresAction: its URL is never stored, so it has none until a resync.
    const restored = persistedFlow({
      status: 'requiresAction',
      bookingId: 'bk_r',
      paymentId: 'pay_r',
      attempt: 1,
      serverSeq: 2,
      holdExpiresAt: Date.now() + 60_000,
    });
    const server = createScriptedFetch();
    server.otherwise(STATUS, { hang: true });
    const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue([unpaid, restored]) });
    const spy = navigateSpy(memory, () => restored.flowId);
    const app = startApp({
      memory,
      navigate: spy.navigate,
      api: { baseUrl: server.baseUrl, fetch: server.fetch },
    });
    await rehydrated(app);

    app.store.dispatch(redirectRequested({ flowId: unpaid.flowId, at: Date.now() }));
    app.store.dispatch(redirectRequested({ flowId: restored.flowId, at: Date.now() }));
    // The resync brings the URL back; only now does a redirect navigate (and end the test).
    const update = {
      paymentId: 'pay_r',
      status: 'requiresAction' as const,
      seq: 3,
      occurredAt: Date.now(),
      nextAction: { type: 'redirectToUrl' as const, url: REDIRECT_URL },
    };
    app.store.dispatch(paymentStatusesReceived({ updates: [update], at: Date.now() }));
    app.store.dispatch(redirectRequested({ flowId: restored.flowId, at: Date.now() }));
    await spy.firstCall;

    expect(spy.calls.map((call) => call.url)).toEqual([REDIRECT_URL]);
  });
});
