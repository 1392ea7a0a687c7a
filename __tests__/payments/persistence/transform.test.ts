import { createLogger } from '../../../src/payments/logger';
import {
  flowStarted,
  paymentStatusesReceived,
  paymentSubmitted,
} from '../../../src/payments/paymentFlowsSlice';
import {
  selectActiveFlowIdForDraft,
  selectAllFlows,
  selectFlowByBookingId,
  selectFlowById,
  selectFlowByPaymentId,
  selectFlowDiagnostics,
} from '../../../src/payments/selectors';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import {
  BOOKINGS,
  CONFIRM,
  STATUS,
  bookingReply,
  errorReply,
  noPaymentBookingReply,
  snapshotReply,
} from '../sagas/fixtures';
import {
  closeAllApps,
  persistedFlow,
  rehydrated,
  reload,
  startApp,
  STORAGE_KEY,
  storedFlows,
  storedValue,
  type AppOptions,
} from './persistenceHarness';

afterEach(closeAllApps);

const THREE_DS_URL = 'https://acs.example/3ds/pay';

function appOptions() {
  const server = createScriptedFetch();
  const memory = createMemoryStorage();
  const options: AppOptions = { memory, api: { baseUrl: server.baseUrl, fetch: server.fetch } };
  return { server, memory, options };
}

describe('what is written', () => {
  it('keeps in-progress flows only, and never their redirect URL', async () => {
    const { server, memory, options } = appOptions();
    const toPay = bookingReply();
    const to3ds = bookingReply();
    server.script(
      BOOKINGS,
      toPay,
      noPaymentBookingReply,
      errorReply(422, 'slot_unavailable'),
      to3ds,
    );
    const { paymentId } = to3ds.body.payment;
    server.script(
      CONFIRM,
      snapshotReply(paymentId, 'requiresAction', 2, {
        nextAction: { type: 'redirectToUrl', url: THREE_DS_URL },
      }),
    );
    server.otherwise(STATUS, { hang: true });
    const app = startApp(options);
    await rehydrated(app);
    const start = (bookingType: 'FIRM' | 'TENTATIVE' = 'FIRM') =>
      app.store.dispatch(flowStarted(uniqueDraft({ bookingType }))).payload.flowId;

    const awaiting = start();
    await waitForStatus(app.store, awaiting, 'awaitingPayment');
    const succeeded = start('TENTATIVE');
    await waitForStatus(app.store, succeeded, 'succeeded');
    const failedForGood = start();
    await waitForStatus(app.store, failedForGood, 'failed');
    const redirecting = start();
    await waitForStatus(app.store, redirecting, 'awaitingPayment');
    app.store.dispatch(
      paymentSubmitted({ flowId: redirecting, paymentMethodId: 'pm_card_3ds', at: Date.now() }),
    );
    await waitForStatus(app.store, redirecting, 'requiresAction');
    await memory.waitForWrite(
      () => storedFlows(memory).find((f) => f.flowId === redirecting)?.status === 'requiresAction',
    );

    expect(storedFlows(memory).map((flow) => flow.flowId)).toEqual([awaiting, redirecting]);
    for (const value of memory.values()) {
      expect(value).not.toContain('nextAction');
      expect(value).not.toContain(THREE_DS_URL);
    }
  });
});

describe('restore', () => {
  it('rebuilds the bookingId, paymentId and draft indexes after a reload', async () => {
    const { server, options } = appOptions();
    const reply = bookingReply();
    server.script(BOOKINGS, reply);
    server.otherwise(STATUS, { hang: true });
    const first = startApp(options);
    await rehydrated(first);
    const draft = uniqueDraft();
    const { flowId } = first.store.dispatch(flowStarted(draft)).payload;
    await waitForStatus(first.store, flowId, 'awaitingPayment');

    const app = await reload(first, options);
    await rehydrated(app);
    const state = app.store.getState();

    const { bookingId, payment } = reply.body;
    expect(selectFlowByBookingId(state, bookingId)?.flowId).toBe(flowId);
    expect(selectFlowByPaymentId(state, payment.paymentId)?.flowId).toBe(flowId);
    expect(selectActiveFlowIdForDraft(state, draft)).toBe(flowId);
    // The restored draft index still absorbs a second click on the same slot.
    app.store.dispatch(flowStarted(draft));
    expect(selectAllFlows(app.store.getState())).toHaveLength(1);
    expect(selectFlowDiagnostics(app.store.getState()).duplicateStartsIgnored).toBe(1);
    // And a server status finds the flow through the restored paymentId index.
    app.store.dispatch(
      paymentStatusesReceived({
        updates: [{ paymentId: payment.paymentId, status: 'processing', seq: 5, occurredAt: 1 }],
        at: Date.now(),
      }),
    );
    expect(selectFlowById(app.store.getState(), flowId)?.status).toBe('processing');
  });

  it('drops a stored flow that does not parse and keeps the others', async () => {
    const { options, memory } = appOptions();
    const kept = persistedFlow({
      status: 'awaitingPayment',
      bookingId: 'bk_k',
      paymentId: 'pay_k',
    });
    const invalid = [
      { ...persistedFlow(), status: 'bogus' },
      { ...persistedFlow(), flowId: '' },
      { ...persistedFlow(), booking: undefined },
      'not a flow',
    ];
    const raw = JSON.parse(storedValue([kept])) as Record<string, string>;
    raw.paymentFlows = JSON.stringify({ flows: [invalid[0], kept, ...invalid.slice(1)] });
    memory.set(STORAGE_KEY, JSON.stringify(raw));
    const app = startApp(options);

    await rehydrated(app);
    const state = app.store.getState();

    expect(selectAllFlows(state)).toEqual([kept]);
    expect(selectFlowByBookingId(state, 'bk_k')?.flowId).toBe(kept.flowId);
    expect(selectFlowByPaymentId(state, 'pay_k')?.flowId).toBe(kept.flowId);
  });

  it('reads what is stored once: the first write merges with what the restore read', async () => {
    const { options, memory } = appOptions();
    const kept = persistedFlow({
      status: 'awaitingPayment',
      bookingId: 'bk_k',
      paymentId: 'pay_k',
    });
    const invalid = { ...persistedFlow(), status: 'bogus' };
    const raw = JSON.parse(storedValue([kept])) as Record<string, string>;
    raw.paymentFlows = JSON.stringify({ flows: [kept, invalid], retired: {} });
    memory.set(STORAGE_KEY, JSON.stringify(raw));
    const warnings: string[] = [];
    const logger = createLogger({
      level: 'warn',
      sink: (_level, message) => warnings.push(message),
    });
    const app = startApp({ ...options, logger });
    await rehydrated(app);

    app.store.dispatch(
      paymentStatusesReceived({
        updates: [{ paymentId: 'pay_k', status: 'processing', seq: 5, occurredAt: 1 }],
        at: Date.now(),
      }),
    );
    await app.persistor.flush();

    expect(storedFlows(memory)).toEqual([
      expect.objectContaining({ flowId: kept.flowId, status: 'processing' }),
    ]);
    // Told once, by the restore: the merge before the write did not read the stored flows again.
    expect(warnings.filter((line) => line.includes('does not parse'))).toHaveLength(1);
  });
});
