import {
  cancelRequested,
  flowStarted,
  paymentSubmitted,
  retryRequested,
} from '../../../src/payments/paymentFlowsSlice';
import type { PersistedFlow } from '../../../src/payments/persistence/flowRecord';
import { selectFlowById, selectFlowIds } from '../../../src/payments/selectors';
import { FLOW_STATUSES, type FlowStatus } from '../../../src/payments/statusMachine';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { uniqueDraft, waitForFlow, waitForStatus } from '../../helpers/paymentsTestStore';
import { createScriptedFetch, type ScriptedFetch } from '../../helpers/scriptedFetch';
import { BOOKINGS, CONFIRM, RELEASE, STATUS, bookingReply, snapshotReply } from '../sagas/fixtures';
import {
  closeAllApps,
  nextMacrotask,
  persistedFlow,
  rehydrated,
  startApp,
  STORAGE_KEY,
  storedValue,
  type App,
} from './persistenceHarness';

afterEach(closeAllApps);

const PAYMENT_ID = 'pay_resume';
const STORED_SEQ = 2;

/** What a flow that got as far as a payment has stored. */
const linked = (): Partial<PersistedFlow> => ({
  bookingId: 'bk_resume',
  paymentId: PAYMENT_ID,
  amount: { value: 5000, currency: 'EUR' },
  holdExpiresAt: Date.now() + 60_000,
  serverSeq: STORED_SEQ,
});
const paying = (): Partial<PersistedFlow> => ({
  ...linked(),
  attempt: 1,
  paymentMethodId: 'pm_card_visa',
});

interface ResumeCase {
  stored: () => Partial<PersistedFlow>;
  /** The routes the resumed flow calls, in order; [] for none. */
  requests: string[];
  /** Where the flow settles after the reload; `undefined`: a finished flow is not even restored, having nothing to resume. */
  settles: FlowStatus | undefined;
  /** The flow waits for the user: the next step (retry, pay) must still work. */
  waitsForUser?: boolean;
}

const booksWithSameKey: ResumeCase = {
  stored: () => ({}),
  requests: [BOOKINGS],
  settles: 'awaitingPayment',
};
const pollsAndSettles: ResumeCase = { stored: paying, requests: [STATUS], settles: 'succeeded' };
const finished: ResumeCase = { stored: paying, requests: [], settles: undefined };

/** Every status, so a new one cannot be added without deciding how it resumes. */
const RESUME: Record<FlowStatus, ResumeCase> = {
  draft: booksWithSameKey,
  creatingBooking: booksWithSameKey,
  // Without a socket, a flow that only waits is asked about once: its copy may predate a confirm.
  awaitingPayment: {
    stored: linked,
    requests: [STATUS],
    settles: 'awaitingPayment',
    waitsForUser: true,
  },
  confirmingPayment: { stored: paying, requests: [CONFIRM], settles: 'succeeded' },
  requiresAction: pollsAndSettles,
  processing: pollsAndSettles,
  reconciling: pollsAndSettles,
  failed: {
    stored: () => ({
      ...paying(),
      error: { code: 'card_declined', message: 'Declined', retriable: true },
    }),
    requests: [STATUS],
    settles: 'failed',
    waitsForUser: true,
  },
  // A cancel resumes where it stood: the release is asked for again, and only its answer ends it.
  cancelling: { stored: linked, requests: [RELEASE], settles: 'cancelled' },
  succeeded: finished,
  cancelled: finished,
  expired: finished,
};

function startOver(flow: PersistedFlow, scenario: ResumeCase): { app: App; server: ScriptedFetch } {
  const server = createScriptedFetch();
  server.script(BOOKINGS, bookingReply());
  server.script(CONFIRM, snapshotReply(PAYMENT_ID, 'succeeded', STORED_SEQ + 1));
  // A flow waiting for the user is asked about once, and the server has nothing newer for it.
  server.script(
    STATUS,
    scenario.waitsForUser
      ? snapshotReply(PAYMENT_ID, flow.status, STORED_SEQ)
      : snapshotReply(PAYMENT_ID, 'succeeded', STORED_SEQ + 1),
  );
  server.script(RELEASE, { status: 200, body: { bookingId: 'bk_resume', status: 'cancelled' } });
  const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue([flow]) });
  const app = startApp({ memory, api: { baseUrl: server.baseUrl, fetch: server.fetch } });
  return { app, server };
}

/** The user's next step on a waiting flow still reaches the server, with the next attempt's key. */
async function expectUserCanPay(app: App, server: ScriptedFetch, flow: PersistedFlow) {
  const { flowId } = flow;
  if (flow.status === 'failed') {
    app.store.dispatch(retryRequested({ flowId, at: Date.now() }));
    await waitForStatus(app.store, flowId, 'awaitingPayment');
  }
  app.store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }));
  await waitForStatus(app.store, flowId, 'succeeded');
  expect(server.requestsTo(CONFIRM).map((r) => r.headers['Idempotency-Key'])).toEqual([
    `${flowId}:${flow.attempt + 1}`,
  ]);
}

describe('resume after a reload', () => {
  it.each(FLOW_STATUSES)('a flow stored in %s', async (status) => {
    const scenario = RESUME[status];
    const flow = persistedFlow({ status, ...scenario.stored() });
    const { app, server } = startOver(flow, scenario);

    await rehydrated(app);
    if (scenario.settles !== undefined && scenario.requests.length > 0) {
      await waitForStatus(app.store, flow.flowId, scenario.settles);
    } else {
      await nextMacrotask();
    }
    const resumed = selectFlowById(app.store.getState(), flow.flowId);

    expect(server.requests.map((r) => r.route)).toEqual(scenario.requests);
    expect(resumed?.status).toBe(scenario.settles);
    // Never a new idempotency key: the same booking key, the same confirm attempt.
    for (const request of server.requestsTo(BOOKINGS)) {
      expect(request.headers['Idempotency-Key']).toBe(flow.flowId);
    }
    for (const request of server.requestsTo(CONFIRM)) {
      expect(request.headers['Idempotency-Key']).toBe(`${flow.flowId}:${flow.attempt}`);
    }
    if (scenario.settles === undefined) {
      expect(selectFlowIds(app.store.getState())).toEqual([]);
      return;
    }
    expect(resumed?.attempt).toBe(flow.attempt);
    expect(selectFlowIds(app.store.getState())).toEqual([flow.flowId]);
    if (scenario.requests.includes(STATUS)) {
      // A waiting flow is only asked about: the server had nothing newer, so nothing moved.
      expect(resumed?.serverSeq).toBe(scenario.waitsForUser ? flow.serverSeq : STORED_SEQ + 1);
    }
    if (scenario.waitsForUser) await expectUserCanPay(app, server, flow);
  });

  it('a creatingBooking flow keeps its flowId as the key through retries after the reload', async () => {
    const flow = persistedFlow({ status: 'creatingBooking' });
    const server = createScriptedFetch();
    server.script(BOOKINGS, { status: 503 }, { networkError: true }, bookingReply());
    const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue([flow]) });
    const app = startApp({ memory, api: { baseUrl: server.baseUrl, fetch: server.fetch } });

    await waitForFlow(app.store, flow.flowId, (f) => f.status === 'awaitingPayment');

    expect(server.requestsTo(BOOKINGS).map((r) => r.headers['Idempotency-Key'])).toEqual([
      flow.flowId,
      flow.flowId,
      flow.flowId,
    ]);
  });
});

/**
 * A `call` to a generator returns only when the tasks it forked end: resuming a stored flow
 * must not wait for it to finish before the next one, a new flowStarted or a cancel is handled.
 */
describe('after a reload with a flow waiting for the user', () => {
  const SHORT_WAIT_MS = 1_000;
  const waiting = () =>
    persistedFlow({
      status: 'awaitingPayment',
      bookingId: 'bk_waiting',
      paymentId: 'pay_waiting',
      serverSeq: 1,
      holdExpiresAt: Date.now() + 60_000,
    });

  function loadWith(flows: PersistedFlow[]) {
    const server = createScriptedFetch();
    server.otherwise(BOOKINGS, bookingReply());
    server.otherwise(RELEASE, {
      status: 200,
      body: { bookingId: 'bk_waiting', status: 'cancelled' },
    });
    const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue(flows) });
    const app = startApp({ memory, api: { baseUrl: server.baseUrl, fetch: server.fetch } });
    return { app, server };
  }

  test('every stored flow resumes, not only the first', async () => {
    const first = waiting();
    const second = persistedFlow({ status: 'creatingBooking' });
    const { app } = loadWith([first, second]);

    await waitForFlow(
      app.store,
      second.flowId,
      (f) => f.status === 'awaitingPayment',
      SHORT_WAIT_MS,
    );
  });

  test('a flow started after the reload books', async () => {
    const { app } = loadWith([waiting()]);
    await rehydrated(app);

    const { flowId } = app.store.dispatch(flowStarted(uniqueDraft())).payload;

    await waitForFlow(app.store, flowId, (f) => f.status === 'awaitingPayment', SHORT_WAIT_MS);
  });

  test('cancelling the restored flow releases its booking', async () => {
    const flow = waiting();
    const { app, server } = loadWith([flow]);
    await rehydrated(app);

    app.store.dispatch(cancelRequested({ flowId: flow.flowId, at: Date.now() }));

    await waitForFlow(app.store, flow.flowId, (f) => f.status === 'cancelled', SHORT_WAIT_MS);
    expect(server.requestsTo(RELEASE)).toHaveLength(1);
  });
});
