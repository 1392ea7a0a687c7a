/**
 * Storage holds two active flows for one booking draft: two tabs each confirmed before either
 * saw the other (no Web Locks, an older version), and each tab's write kept the other's flow.
 * Each may hold a booking on the server, or a payment under way: the restore must not lose
 * track of either.
 */
import { allFlowsIn, flowByIdIn } from '../../../src/payments/flowState';
import { createLogger, type Logger, type LogLevel } from '../../../src/payments/logger';
import { paymentStatusesReceived } from '../../../src/payments/paymentFlowsSlice';
import { reconcileRestored, restoreFlows } from '../../../src/payments/persistence/persistedFlows';
import type { PersistedFlow } from '../../../src/payments/persistence/flowRecord';
import type { FlowStatus } from '../../../src/payments/statusMachine';
import type { PaymentStatusUpdate } from '../../../src/payments/types';
import { selectActiveFlowIdForDraft, selectFlowById } from '../../../src/payments/selectors';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import {
  createScriptedFetch,
  releasedReply,
  type ScriptedFetch,
} from '../../helpers/scriptedFetch';
import { CONFIRM, RELEASE, STATUS } from '../sagas/fixtures';
import {
  closeAllApps,
  persistedFlow,
  rehydrated,
  startApp,
  STORAGE_KEY,
  storedValue,
} from './persistenceHarness';

afterEach(closeAllApps);

function recordingLogger() {
  const lines: { level: LogLevel; message: string; context: unknown }[] = [];
  const logger = createLogger({
    level: 'debug',
    sink: (level, message, context) => {
      lines.push({ level, message, context });
    },
  });
  return { logger, warnings: () => lines.filter(({ level }) => level === 'warn') };
}

const draft = uniqueDraft();
const T0 = Date.now() - 60_000;

/** A flow for `draft` with a held booking and its payment, `status` now. */
function bookedFlow(
  name: string,
  status: PersistedFlow['status'],
  createdAt: number,
): PersistedFlow {
  return persistedFlow({
    flowId: `flow-${name}`,
    booking: draft,
    status,
    bookingId: `bk_${name}`,
    paymentId: `pay_${name}`,
    serverSeq: 1,
    attempt: status === 'awaitingPayment' ? 0 : 1,
    holdExpiresAt: Date.now() + 600_000,
    createdAt,
    updatedAt: createdAt + 1_000,
    history: [
      { from: 'draft', to: 'creatingBooking', cause: 'bookingRequested', at: createdAt },
      { from: 'creatingBooking', to: 'awaitingPayment', cause: 'bookingCreated', at: createdAt },
      ...(status === 'awaitingPayment'
        ? []
        : [
            {
              from: 'awaitingPayment' as const,
              to: status,
              cause: 'server',
              at: createdAt + 1_000,
            },
          ]),
    ],
  });
}

describe('the restore, of two active stored flows for one booking draft', () => {
  it('keeps both, the one further along as the draft’s flow, and warns naming both', () => {
    const older = bookedFlow('older', 'awaitingPayment', T0);
    const further = bookedFlow('further', 'processing', T0 + 5_000);
    const { logger, warnings } = recordingLogger();

    const state = restoreFlows({ flows: [older, further] }, logger);

    expect(allFlowsIn(state.flows).map((flow) => flow.flowId)).toEqual([
      older.flowId,
      further.flowId,
    ]);
    expect(selectActiveFlowIdForDraft({ paymentFlows: state }, draft)).toBe(further.flowId);
    expect(flowByIdIn(state, older.flowId)?.status).toBe('awaitingPayment');
    expect(warnings()).toEqual([
      expect.objectContaining({
        context: expect.objectContaining({
          flowId: older.flowId,
          keptFlowId: further.flowId,
          bookingId: 'bk_older',
        }) as unknown,
      }),
    ]);
  });

  it('drops only a flow that asked nothing of the server, even the older one', () => {
    const unsent = persistedFlow({ flowId: 'flow-unsent', booking: draft, createdAt: T0 });
    const asked = persistedFlow({
      flowId: 'flow-asked',
      booking: draft,
      status: 'creatingBooking',
      createdAt: T0 + 1_000,
      history: [{ from: 'draft', to: 'creatingBooking', cause: 'bookingRequested', at: T0 }],
    });
    const { logger, warnings } = recordingLogger();

    const state = restoreFlows({ flows: [unsent, asked] }, logger);

    expect(allFlowsIn(state.flows).map((flow) => flow.flowId)).toEqual([asked.flowId]);
    expect(warnings()).toHaveLength(1);
  });
});

describe('a late REHYDRATE over a store holding two active flows for one booking draft', () => {
  it('leaves the draft’s flow as it was when it brings nothing for that draft', () => {
    const { logger } = recordingLogger();
    const first = bookedFlow('draft-flow', 'awaitingPayment', T0);
    const beside = bookedFlow('beside', 'awaitingPayment', T0 + 5_000);
    const live = restoreFlows({ flows: [first, beside] }, logger);
    const payload = { paymentFlows: restoreFlows({ flows: [persistedFlow()] }, logger) };

    const { paymentFlows: merged } = reconcileRestored(
      payload,
      { paymentFlows: live },
      { paymentFlows: live },
    );

    expect(selectActiveFlowIdForDraft({ paymentFlows: merged }, draft)).toBe(first.flowId);
    expect(allFlowsIn(merged.flows)).toHaveLength(3);
  });
});

describe('a page restoring two active flows for one booking draft', () => {
  async function pageOver(flows: PersistedFlow[]) {
    const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue(flows) });
    const server = createScriptedFetch();
    server.otherwise(RELEASE, releasedReply());
    const { logger, warnings } = recordingLogger();
    const app = startApp({ memory, logger, api: { baseUrl: server.baseUrl, fetch: server.fetch } });
    await rehydrated(app);
    return { app, server, warnings };
  }

  it('goes on with the draft’s flow and releases the other’s booking: it ends cancelled', async () => {
    const kept = bookedFlow('kept', 'awaitingPayment', T0);
    const other = bookedFlow('other', 'awaitingPayment', T0 + 5_000);

    const { app, server } = await pageOver([kept, other]);

    await waitForStatus(app.store, other.flowId, 'cancelled');
    expect(server.requestsTo(RELEASE).map((request) => request.path)).toEqual([
      '/api/bookings/bk_other/cancel',
    ]);
    expect(selectFlowById(app.store.getState(), kept.flowId)?.status).toBe('awaitingPayment');
    expect(selectActiveFlowIdForDraft(app.store.getState(), draft)).toBe(kept.flowId);
  });

  it('records why the other was cancelled: found beside the draft’s flow, not a cancel the user asked for', async () => {
    const kept = bookedFlow('kept-cause', 'awaitingPayment', T0);
    const other = bookedFlow('other-cause', 'awaitingPayment', T0 + 5_000);

    const { app } = await pageOver([kept, other]);

    const cancelled = await waitForStatus(app.store, other.flowId, 'cancelled');
    expect(cancelled.history.slice(-2)).toMatchObject([
      { from: 'awaitingPayment', to: 'cancelling', cause: 'secondFlowFound' },
      { from: 'cancelling', to: 'cancelled', cause: 'flowCancelled' },
    ]);
  });

  it('leaves a payment under way in the other to settle: nothing of it is cancelled', async () => {
    const kept = bookedFlow('first', 'processing', T0);
    const other = bookedFlow('second', 'processing', T0 + 5_000);

    const { app, server } = await pageOver([kept, other]);

    const flows = () =>
      [kept, other].map(({ flowId }) => selectFlowById(app.store.getState(), flowId));
    expect(flows().map((flow) => flow?.status)).toEqual(['processing', 'processing']);
    expect(server.requestsTo(RELEASE)).toEqual([]);
  });

  /** The status each payment has on the server, whichever is asked for (GET or confirm). */
  function serverWith(statuses: Record<string, { status: string; extra?: object }>) {
    const server = createScriptedFetch();
    server.otherwise(RELEASE, releasedReply());
    const reply = {
      status: 200,
      body: (path: string) => {
        const paymentId = path.split('/')[3] ?? '';
        const { status, extra } = statuses[paymentId] ?? { status: 'processing' };
        return { paymentId, status, seq: 2, occurredAt: Date.now(), ...extra };
      },
    };
    server.otherwise(STATUS, reply);
    server.otherwise(CONFIRM, reply);
    return server;
  }

  async function pageWith(flows: PersistedFlow[], server: ScriptedFetch, logger?: Logger) {
    const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue(flows) });
    const app = startApp({
      memory,
      logger,
      api: { baseUrl: server.baseUrl, fetch: server.fetch },
    });
    await rehydrated(app);
    return app;
  }

  it.each([
    [
      'its payment fails in a way that can be retried',
      'processing' as const,
      {
        status: 'failed',
        extra: { failure: { code: 'card_declined', message: 'no', retriable: true } },
      },
    ],
    [
      'its confirm asks for 3-D Secure, which only the user can do',
      'confirmingPayment' as const,
      {
        status: 'requiresAction',
        extra: { nextAction: { type: 'redirectToUrl', url: 'https://bank.test/3ds/x' } },
      },
    ],
  ])('cancels the other once it stops settling: %s', async (_, settling, outcome) => {
    const draftFlow = bookedFlow('draft-flow', 'processing', T0);
    const other = {
      ...bookedFlow('settles', settling, T0 + 5_000),
      paymentMethodId: 'pm_card_visa',
    };
    const server = serverWith({ pay_settles: outcome });

    const app = await pageWith([draftFlow, other], server);

    const cancelled = await waitForStatus(app.store, other.flowId, 'cancelled');
    expect(cancelled.history.slice(-3)).toMatchObject([
      { from: settling, to: outcome.status },
      { from: outcome.status, to: 'cancelling', cause: 'secondFlowFound' },
      { from: 'cancelling', to: 'cancelled', cause: 'flowCancelled' },
    ]);
    expect(server.requestsTo(RELEASE).map((request) => request.path)).toEqual([
      '/api/bookings/bk_settles/cancel',
    ]);
    expect(selectActiveFlowIdForDraft(app.store.getState(), draft)).toBe(draftFlow.flowId);
  });

  /** A status for a payment, above what any poll of `serverWith` answers (seq 2). */
  type ServerNews = Pick<PaymentStatusUpdate, 'status' | 'failure'>;

  const retriableDecline: ServerNews = {
    status: 'failed',
    failure: { code: 'card_declined', message: 'no', retriable: true },
  };

  it.each<[string, ServerNews, FlowStatus, string[]]>([
    [
      'succeeded: the user has the booking, which is never released',
      { status: 'succeeded' },
      'succeeded',
      [],
    ],
    [
      'failed for good: the user was told it failed',
      { status: 'failed', failure: { code: 'card_declined', message: 'no', retriable: false } },
      'failed',
      ['/api/bookings/bk_ends-first/cancel'],
    ],
  ])(
    'cancels the other once it stops settling after the draft’s flow ended, %s',
    async (_, draftNews, draftStatus, draftReleases) => {
      const draftFlow = bookedFlow('ends-first', 'processing', T0);
      const other = bookedFlow('settles-later', 'processing', T0 + 5_000);
      const server = serverWith({});
      const { logger, warnings } = recordingLogger();
      const app = await pageWith([draftFlow, other], server, logger);
      const report = (paymentId: string, news: ServerNews) => {
        const update = { paymentId, seq: 5, occurredAt: Date.now(), ...news };
        app.store.dispatch(paymentStatusesReceived({ updates: [update], at: Date.now() }));
      };

      report('pay_ends-first', draftNews);
      await waitForStatus(app.store, draftFlow.flowId, draftStatus);
      expect(selectActiveFlowIdForDraft(app.store.getState(), draft)).toBeUndefined();
      report('pay_settles-later', retriableDecline);

      const cancelled = await waitForStatus(app.store, other.flowId, 'cancelled');
      expect(cancelled.history.slice(-3)).toMatchObject([
        { from: 'processing', to: 'failed' },
        { from: 'failed', to: 'cancelling', cause: 'secondFlowFound' },
        { from: 'cancelling', to: 'cancelled', cause: 'flowCancelled' },
      ]);
      expect(warnings()).toContainEqual(
        expect.objectContaining({
          context: { flowId: other.flowId, draftFlowId: draftFlow.flowId },
        }),
      );
      expect(selectFlowById(app.store.getState(), draftFlow.flowId)?.status).toBe(draftStatus);
      expect(
        server
          .requestsTo(RELEASE)
          .map((request) => request.path)
          .sort(),
      ).toEqual([...draftReleases, '/api/bookings/bk_settles-later/cancel'].sort());
    },
  );

  it('keeps the other once its payment succeeded: a booking of its own', async () => {
    const draftFlow = bookedFlow('draft-flow-paid', 'processing', T0);
    const other = bookedFlow('paid', 'processing', T0 + 5_000);
    const server = serverWith({ pay_paid: { status: 'succeeded' } });

    const app = await pageWith([draftFlow, other], server);

    await waitForStatus(app.store, other.flowId, 'succeeded');
    expect(server.requestsTo(RELEASE).map((request) => request.path)).toEqual([]);
    expect(selectFlowById(app.store.getState(), draftFlow.flowId)?.status).toBe('processing');
  });
});
