/** @jest-environment node */
import { startDemoServer, type DemoServer } from '../../../server/demoServer';
import {
  cancelRequested,
  flowStarted,
  holdExpired,
  paymentSubmitted,
  retryRequested,
} from '../../../src/payments/paymentFlowsSlice';
import { selectAllFlows, selectFlowById } from '../../../src/payments/selectors';
import type { FlowStatus } from '../../../src/payments/statusMachine';
import { flowLockName } from '../../../src/payments/sagas/sharedTabs';
import { toPersistedFlow, type PersistedFlow } from '../../../src/payments/persistence/flowRecord';
import { createTabHub, type InProcessTab, type TabHub } from '../../helpers/inProcessTabs';
import { createMemoryStorage, type MemoryStorage } from '../../helpers/memoryStorage';
import { uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import {
  closeAllApps,
  persistedFlow,
  rehydrated,
  rehydrateWith,
  startApp,
  STORAGE_KEY,
  storedFlow,
  storedValue,
  waitForState,
  type App,
} from '../persistence/persistenceHarness';

/**
 * Tabs are real stores over one storage, against the real demo server; the browser's Web Locks
 * and BroadcastChannel are the in-process hub (same semantics: a crashed tab's locks are freed).
 * What the server was asked is counted per tab, so "once" means once.
 */
let server: DemoServer;
let hub: TabHub;
let memory: MemoryStorage;

beforeEach(async () => {
  hub = createTabHub();
  memory = createMemoryStorage();
  server = await startDemoServer({ processingDelayMs: 50, faults: true });
});
afterEach(async () => {
  await closeAllApps();
  await server.close();
});

interface Tab {
  app: App;
  coordination: InProcessTab;
  /** `METHOD path` of every request this tab sent. */
  requests: string[];
  logs: string[];
  /** Resolves once `count` log lines start with `prefix`. */
  logged(prefix: string, count?: number): Promise<void>;
  /** As when a lease expired while the tab stalled: the lock goes to the next tab, this one is told. */
  loseLock(flowId: string): void;
}

/** Another tab of the test's browser: one hub of locks and messages, one shared storage. */
async function openTab(retentionMs?: number): Promise<Tab> {
  const tab = hub.openTab();
  const held = new Map<string, { release: () => void; lost?: () => void }>();
  const coordination: InProcessTab = {
    ...tab,
    locks: {
      request(name, callbacks) {
        const release = tab.locks.request(name, callbacks);
        held.set(name, { release, lost: callbacks.lost });
        return release;
      },
      close: () => {
        tab.locks.close();
      },
    },
  };
  const loseLock = (flowId: string) => {
    const lock = held.get(flowLockName(flowId));
    lock?.release();
    lock?.lost?.();
  };
  const requests: string[] = [];
  const logs: string[] = [];
  const waiters = new Set<() => void>();
  const record = (level: string) => (message: string) => {
    logs.push(`${level} ${message}`);
    for (const check of waiters) check();
  };
  const logged = (prefix: string, count = 1) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (logs.filter((line) => line.startsWith(prefix)).length < count) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  const app = startApp({
    memory,
    retentionMs,
    tabs: coordination,
    logger: {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    },
    api: {
      baseUrl: server.url,
      getAuthToken: () => 'demo-token',
      fetch: (url, init) => {
        requests.push(`${init.method ?? 'GET'} ${new URL(url).pathname}`);
        return fetch(url, init);
      },
    },
  });
  await rehydrated(app);
  return { app, coordination, requests, logs, logged, loseLock };
}

const statusIn = (tab: Tab, flowId: string) =>
  selectFlowById(tab.app.store.getState(), flowId)?.status;

const waitForStatusIn = (tab: Tab, flowId: string, status: FlowStatus) =>
  waitForState(tab.app, (state) => selectFlowById(state, flowId)?.status === status);

const count = (tab: Tab, pattern: RegExp) =>
  tab.requests.filter((line) => pattern.test(line)).length;

const BOOKING = /^POST \/api\/bookings$/;
const CONFIRM = /^POST \/api\/payments\/[^/]+\/confirm$/;
const CANCEL = /^POST \/api\/bookings\/[^/]+\/cancel$/;

async function startBooking(tab: Tab): Promise<string> {
  const { flowId } = tab.app.store.dispatch(flowStarted(uniqueDraft())).payload;
  await waitForStatus(tab.app.store, flowId, 'awaitingPayment');
  await tab.app.persistor.flush();
  return flowId;
}

const pay = (tab: Tab, flowId: string) =>
  tab.app.store.dispatch(
    paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }),
  );

const activeIn = (tab: Tab) =>
  selectAllFlows(tab.app.store.getState()).filter((flow) => flow.status === 'awaitingPayment');

/** Confirm pressed for one booking draft in both tabs at once; the flow both end up showing. */
async function confirmInBoth(tabA: Tab, tabB: Tab): Promise<string> {
  const draft = uniqueDraft();
  tabA.app.store.dispatch(flowStarted(draft));
  tabB.app.store.dispatch(flowStarted(draft));
  await waitForState(tabA.app, () => activeIn(tabA).length === 1);
  await waitForState(tabB.app, () => activeIn(tabB).length === 1);
  return activeIn(tabA)[0]?.flowId ?? '';
}

/** An older tab's flow for `flow`'s booking draft, confirmed a second earlier: the draft's flow. */
const olderDraftFlow = (flow: Pick<PersistedFlow, 'booking' | 'createdAt'>) =>
  persistedFlow({
    booking: flow.booking,
    status: 'awaitingPayment',
    bookingId: 'bk_older_tab',
    paymentId: 'pay_older_tab',
    serverSeq: 1,
    holdExpiresAt: Date.now() + 60_000,
    createdAt: flow.createdAt - 1_000,
    history: [{ from: 'creatingBooking', to: 'awaitingPayment', cause: 'bookingCreated', at: 1 }],
  });

describe('one driving tab per flow (issue 13)', () => {
  it('a tab opened later follows the flow; Pay there is run once, by the driving tab', async () => {
    const tabA = await openTab();
    const flowId = await startBooking(tabA);
    const tabB = await openTab();
    expect(statusIn(tabB, flowId)).toBe('awaitingPayment');

    pay(tabB, flowId);
    await waitForStatusIn(tabA, flowId, 'succeeded');
    await waitForStatusIn(tabB, flowId, 'succeeded');
    expect(count(tabA, CONFIRM)).toBe(1);
    expect(count(tabB, CONFIRM)).toBe(0);
    expect(count(tabB, BOOKING)).toBe(0);
    expect(server.stats()).toMatchObject({
      bookingsCreated: 1,
      paymentsConfirmed: 1,
      confirmRequests: 1,
    });
  });

  it('the follower sees each step the driving tab takes, not only the server’s', async () => {
    const tabA = await openTab();
    const flowId = await startBooking(tabA);
    const tabB = await openTab();
    const seenInB: FlowStatus[] = [];
    tabB.app.store.subscribe(() => {
      const status = statusIn(tabB, flowId);
      if (status && seenInB.at(-1) !== status) seenInB.push(status);
    });
    tabA.app.store.dispatch(cancelRequested({ flowId, at: Date.now() }));
    await waitForStatusIn(tabB, flowId, 'cancelled');
    // `cancelling` is the client's own step: only the driving tab's message can tell B.
    expect(seenInB).toEqual(['cancelling', 'cancelled']);
  });

  it('a flow that ended in the driving tab leaves the follower after the follower’s retention time', async () => {
    // A keeps its copy (and the lock) for ten minutes; B must not wait for A to let go.
    const tabA = await openTab();
    const flowId = await startBooking(tabA);
    const tabB = await openTab(30);
    tabA.app.store.dispatch(cancelRequested({ flowId, at: Date.now() }));
    await waitForStatusIn(tabB, flowId, 'cancelled');
    await waitForState(tabB.app, (state) => selectFlowById(state, flowId) === undefined);
    expect(count(tabB, CANCEL)).toBe(0);
  });

  it('after a decline, Retry and Pay in the follower are run by the driving tab', async () => {
    const tabA = await openTab();
    const flowId = await startBooking(tabA);
    const tabB = await openTab();
    tabB.app.store.dispatch(
      paymentSubmitted({ flowId, paymentMethodId: 'pm_card_declined', at: Date.now() }),
    );
    await waitForStatusIn(tabB, flowId, 'failed');
    tabB.app.store.dispatch(retryRequested({ flowId, at: Date.now() }));
    await waitForStatusIn(tabA, flowId, 'awaitingPayment');
    pay(tabB, flowId);
    await waitForStatusIn(tabB, flowId, 'succeeded');
    expect(count(tabA, CONFIRM)).toBe(2);
    expect(count(tabB, CONFIRM)).toBe(0);
    expect(selectFlowById(tabB.app.store.getState(), flowId)?.attempt).toBe(2);
  });

  it('Cancel in the follower cancels once', async () => {
    const tabA = await openTab();
    const flowId = await startBooking(tabA);
    const tabB = await openTab();
    tabB.app.store.dispatch(cancelRequested({ flowId, at: Date.now() }));
    await waitForStatusIn(tabA, flowId, 'cancelled');
    await waitForStatusIn(tabB, flowId, 'cancelled');
    expect(count(tabA, CANCEL) + count(tabB, CANCEL)).toBe(1);
    expect(count(tabB, CANCEL)).toBe(0);
  });

  it('when the driving tab dies mid-payment, the follower takes the flow over and finishes it', async () => {
    const tabA = await openTab();
    const flowId = await startBooking(tabA);
    const tabB = await openTab();
    pay(tabA, flowId);
    await waitForStatusIn(tabB, flowId, 'processing');
    // Killed: no cleanup, no last write; the browser frees its locks.
    tabA.app.sagaTask.cancel();
    tabA.coordination.crash();
    await tabB.logged(`info flow ${flowId}: driven by this tab from processing`);
    await waitForStatusIn(tabB, flowId, 'succeeded');
    expect(server.stats()).toMatchObject({ bookingsCreated: 1, paymentsConfirmed: 1 });
  });

  it('a follower given a command while the driving tab is already gone runs it itself, once', async () => {
    const tabA = await openTab();
    const flowId = await startBooking(tabA);
    const tabB = await openTab();
    tabA.app.sagaTask.cancel();
    tabA.coordination.crash();
    pay(tabB, flowId);
    await waitForStatusIn(tabB, flowId, 'succeeded');
    expect(count(tabB, CONFIRM)).toBe(1);
    expect(server.stats()).toMatchObject({ paymentsConfirmed: 1, confirmRequests: 1 });
  });

  it('a Pay the driving tab refuses (its hold ran out that moment) leaves the follower showing the end, not a confirm nobody sends', async () => {
    const tabA = await openTab();
    const flowId = await startBooking(tabA);
    const tabB = await openTab();
    expect(statusIn(tabB, flowId)).toBe('awaitingPayment');

    // Neither tab has heard of the other's step yet.
    const at = Date.now();
    tabA.app.store.dispatch(holdExpired({ flowId, at }));
    tabB.app.store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at }));

    await waitForStatusIn(tabA, flowId, 'expired');
    // Before the fix B stayed on confirmingPayment for good.
    await waitForStatusIn(tabB, flowId, 'expired');
    expect(count(tabA, CONFIRM) + count(tabB, CONFIRM)).toBe(0);
  });

  it('a tab whose lock was taken while it stalled stops driving: its Pay goes to the new driving tab', async () => {
    const tabA = await openTab();
    const flowId = await startBooking(tabA);
    const tabB = await openTab();
    tabA.loseLock(flowId);
    await tabA.logged(`warn flow ${flowId}: another tab drives it now`);
    await tabB.logged(`info flow ${flowId}: driven by this tab from awaitingPayment`);

    pay(tabA, flowId);
    await waitForStatusIn(tabA, flowId, 'succeeded');
    await waitForStatusIn(tabB, flowId, 'succeeded');
    expect(count(tabA, CONFIRM)).toBe(0);
    expect(count(tabB, CONFIRM)).toBe(1);
  });

  it('Confirm for one booking draft in two tabs at once makes one booking, and both show it', async () => {
    const tabA = await openTab();
    const tabB = await openTab();
    const flowId = await confirmInBoth(tabA, tabB);
    expect(activeIn(tabA).map((flow) => flow.flowId)).toEqual([flowId]);
    expect(activeIn(tabB).map((flow) => flow.flowId)).toEqual([flowId]);
    expect(selectAllFlows(tabA.app.store.getState())).toHaveLength(1);
    expect(selectAllFlows(tabB.app.store.getState())).toHaveLength(1);
    expect(server.stats()).toMatchObject({ bookingsCreated: 1 });
  });

  it('a message from another tab that does not parse is dropped with its reason', async () => {
    const tabA = await openTab();
    const flowId = await startBooking(tabA);
    const rogue = hub.openTab();
    rogue.channel.post({ kind: 'flows', flows: [{ flowId, status: 'succeeded' }] });
    rogue.channel.post({
      kind: 'command',
      action: { type: 'paymentFlows/flowsRetired', payload: { flowIds: [flowId], at: 1 } },
    });
    await tabA.logged('warn dropped a', 2);
    expect(statusIn(tabA, flowId)).toBe('awaitingPayment');
    expect(tabA.logs.filter((line) => line.startsWith('warn dropped a'))).toEqual([
      'warn dropped a message from another tab',
      'warn dropped a command from another tab',
    ]);
  });

  describe('a flow a tab only heard of from another tab (found by review)', () => {
    it('started in A while B was open: Pay in B is run once, by A', async () => {
      const tabA = await openTab();
      const tabB = await openTab();
      const flowId = await startBooking(tabA);
      await waitForStatusIn(tabB, flowId, 'awaitingPayment');
      pay(tabB, flowId);
      await waitForStatusIn(tabA, flowId, 'succeeded');
      await waitForStatusIn(tabB, flowId, 'succeeded');
      expect(count(tabA, CONFIRM)).toBe(1);
      expect(count(tabB, CONFIRM)).toBe(0);
    });

    it('started in A while B was open: B takes it over when A dies mid-payment', async () => {
      const tabA = await openTab();
      const tabB = await openTab();
      const flowId = await startBooking(tabA);
      pay(tabA, flowId);
      await waitForStatusIn(tabB, flowId, 'processing');
      tabA.app.sagaTask.cancel();
      tabA.coordination.crash();
      await tabB.logged(`info flow ${flowId}: driven by this tab from processing`);
      await waitForStatusIn(tabB, flowId, 'succeeded');
    });

    it('Confirm in two tabs: Pay in the tab whose flow gave way is run once', async () => {
      const tabA = await openTab();
      const tabB = await openTab();
      const flowId = await confirmInBoth(tabA, tabB);
      const [gaveWay, drives] = count(tabA, BOOKING) === 0 ? [tabA, tabB] : [tabB, tabA];
      pay(gaveWay, flowId);
      await waitForStatusIn(drives, flowId, 'succeeded');
      await waitForStatusIn(gaveWay, flowId, 'succeeded');
      expect(count(gaveWay, CONFIRM)).toBe(0);
      expect(server.stats()).toMatchObject({ bookingsCreated: 1, paymentsConfirmed: 1 });
    });
  });

  it('a command sent while the next tab is taking the flow over is run by that tab, once', async () => {
    const tabA = await openTab();
    const flowId = await startBooking(tabA);
    const tabB = await openTab();
    const tabC = await openTab();
    tabA.app.sagaTask.cancel();
    tabA.coordination.crash();
    // B is next in line for the lock; C's Pay reaches it while it reads the saved copy.
    pay(tabC, flowId);
    await waitForStatusIn(tabB, flowId, 'succeeded');
    await waitForStatusIn(tabC, flowId, 'succeeded');
    expect(count(tabB, CONFIRM)).toBe(1);
    expect(count(tabC, CONFIRM)).toBe(0);
  });

  it('a command on its way as the driving tab dies, reaching the next tab before its lock, is run by that tab, once', async () => {
    const tabA = await openTab();
    const flowId = await startBooking(tabA);
    const tabB = await openTab();
    const tabC = await openTab();
    // C's Pay is posted before A dies: it reaches B while no tab drives the flow yet.
    pay(tabC, flowId);
    tabA.app.sagaTask.cancel();
    tabA.coordination.crash();
    await tabB.logged(`info flow ${flowId}: driven by this tab from`);

    // Before the fix B dropped the command, and C showed a payment nobody made.
    await waitForStatusIn(tabB, flowId, 'succeeded');
    await waitForStatusIn(tabC, flowId, 'succeeded');
    expect(count(tabB, CONFIRM) + count(tabC, CONFIRM)).toBe(1);
  });

  it('a second flow for a booking draft found in the follower is cancelled by the driving tab, once', async () => {
    const tabA = await openTab();
    const flowId = await startBooking(tabA);
    const tabB = await openTab();
    const flow = selectFlowById(tabB.app.store.getState(), flowId);
    if (!flow) throw new Error('the follower holds the flow');
    // A host's second persist() in B brings a flow for the same draft an older tab stored: older,
    // it is the draft's flow, and B's resume finds A's flow beside it.
    const draftFlow = olderDraftFlow(flow);

    rehydrateWith(tabB.app, [draftFlow, toPersistedFlow(flow)]);

    const cancelled = await waitForStatus(tabA.app.store, flowId, 'cancelled');
    expect(cancelled.history.at(-2)).toMatchObject({ to: 'cancelling', cause: 'secondFlowFound' });
    await waitForStatusIn(tabB, flowId, 'cancelled');
    expect(count(tabA, CANCEL)).toBe(1);
    expect(count(tabB, CANCEL)).toBe(0);
  });

  it('a second flow for a booking draft found as a tab opens is cancelled by the tab driving it, once', async () => {
    const tabA = await openTab();
    const flowId = await startBooking(tabA);
    const flow = storedFlow(memory, flowId);
    if (!flow) throw new Error('the flow is stored');
    // A tab of an older version (no locks) stored its own flow for the same draft, earlier.
    const draftFlow = olderDraftFlow(flow);
    memory.set(STORAGE_KEY, storedValue([draftFlow, flow]));

    const tabB = await openTab();

    const cancelled = await waitForStatus(tabA.app.store, flowId, 'cancelled');
    expect(cancelled.history.at(-2)).toMatchObject({ to: 'cancelling', cause: 'secondFlowFound' });
    await waitForStatusIn(tabB, flowId, 'cancelled');
    expect(count(tabA, CANCEL)).toBe(1);
    expect(count(tabB, CANCEL)).toBe(0);
  });

  it('close() of a store given its tabs gives its flow locks up: another tab takes the flow over', async () => {
    const tabA = await openTab();
    const flowId = await startBooking(tabA);
    const tabB = await openTab();
    await tabA.app.close();
    await tabB.logged(`info flow ${flowId}: driven by this tab from awaitingPayment`);
  });
});

describe('persistor.purge() in one tab of several', () => {
  it('a tab that did not purge keeps its flow under way stored', async () => {
    const tabA = await openTab();
    const flowId = await startBooking(tabA);
    const tabB = await openTab();
    expect(statusIn(tabB, flowId)).toBe('awaitingPayment');
    // B has written its copy of A's flow (with a booking of its own).
    await startBooking(tabB);

    // B logs out; A goes on with its payment, which stays in processing for a while.
    await tabB.app.persistor.purge();
    tabA.app.store.dispatch(
      paymentSubmitted({ flowId, paymentMethodId: 'pm_card_slow', at: Date.now() }),
    );
    await waitForStatusIn(tabA, flowId, 'processing');
    await tabA.app.persistor.flush();
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(statusIn(tabA, flowId)).toBe('processing');
    expect(storedFlow(memory, flowId)?.status).toBe('processing');
  });

  it('a tab that purged (a logout) shows none of the old flows again when the tab driving them goes on', async () => {
    const tabA = await openTab();
    const flowId = await startBooking(tabA);
    const tabB = await openTab();
    expect(statusIn(tabB, flowId)).toBe('awaitingPayment');

    // B logs out; A, not yet told, goes on with its flow.
    await tabB.app.persistor.purge();
    expect(statusIn(tabB, flowId)).toBeUndefined();
    pay(tabA, flowId);
    await waitForStatusIn(tabA, flowId, 'processing');
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(statusIn(tabB, flowId)).toBeUndefined();
  });

  it('a tab that purged does not take the old flow back in when Confirm is pressed there for its booking draft', async () => {
    const tabA = await openTab();
    const flowId = await startBooking(tabA);
    const draft = selectFlowById(tabA.app.store.getState(), flowId)!.booking;
    const tabB = await openTab();
    expect(statusIn(tabB, flowId)).toBe('awaitingPayment');
    // B has written its copy of A's flow (with a booking of its own).
    await startBooking(tabB);

    // B logs out; the next user, in B, confirms the same slot: B's draft flow must not give way
    // to the old user's flow that A goes on with.
    await tabB.app.persistor.purge();
    // A, not logged out, writes again: its flow is stored, as a tab that goes on keeps it.
    await startBooking(tabA);
    const mine = tabB.app.store.dispatch(flowStarted(draft)).payload.flowId;
    await waitForState(tabB.app, (state) => selectFlowById(state, mine)?.status !== 'draft');

    expect(statusIn(tabB, flowId)).toBeUndefined();
    expect(selectFlowById(tabB.app.store.getState(), mine)).toBeDefined();
  });
});
