/** @jest-environment node */
import fc from 'fast-check';
import type { DemoServer } from '../../server/demoServer';
import { draftKey, type PaymentFlowsState } from '../../src/payments/flowState';
import {
  cancelRequested,
  flowStarted,
  paymentSubmitted,
  retryRequested,
} from '../../src/payments/paymentFlowsSlice';
import { flowLockName } from '../../src/payments/sagas/sharedTabs';
import { selectAllFlows, selectFlowById } from '../../src/payments/selectors';
import { isTerminal } from '../../src/payments/statusMachine';
import type { PaymentFlow } from '../../src/payments/types';
import {
  atRest,
  DRAFTS,
  FIRST_DRAFT,
  HOLD_MS,
  METHODS,
  moneyInvariants,
  newClientSide,
  openApp,
  replayParameters,
  secretLeak,
  sleep,
  soakMs,
  startFaultServer,
  type App,
  type ClientSide,
} from '../helpers/faultSchedule';
import { breach } from '../helpers/flowStateInvariants';
import { createTabHub, type InProcessTab, type TabHub } from '../helpers/inProcessTabs';
import { createMemoryStorage, type MemoryStorage } from '../helpers/memoryStorage';
import { rehydrated } from '../payments/persistence/persistenceHarness';

/**
 * Random fault schedules over several tabs of one browser: real stores sharing one storage and
 * the in-process Web Locks and BroadcastChannel, against the real sagas, the real demo server
 * and a real socket.io server on 127.0.0.1. The user presses Confirm, Pay, Retry and Cancel in
 * any tab (a follower passes its commands to the driving tab), closes, kills and reopens tabs,
 * while the server restarts, pauses, loses answers and drops sockets. After every step: the
 * reducer invariants in every open tab, no secret in storage or logs; at the end, asked of the
 * server and of every open tab (and of a tab opened afterwards): one booking per draft, one
 * confirm per attempt, nothing left spinning, every tab showing the same end, nothing shown paid
 * and released. A failure prints fast-check's seed and path, which replay it (FC_SEED, FC_PATH,
 * FC_REPLAY_PATH).
 */

/** Tabs the schedules open and close; the first two are open at the start. */
const SLOTS = 3;

interface OpenTab {
  name: string;
  app: App;
  coordination: InProcessTab;
  /** The state the last step left in this tab, to check each step's transitions against. */
  last: PaymentFlowsState;
  /** The flow locks this tab holds (the flows it drives), each with how to take it away. */
  held: Map<string, () => void>;
}

interface Real {
  server: DemoServer;
  lostServers: DemoServer[];
  memory: MemoryStorage;
  hub: TabHub;
  client: ClientSide;
  /** Each slot's tab, while it is open. */
  slots: (OpenTab | undefined)[];
  /** Every flow a start command created, in order. */
  flowIds: string[];
  /** Tabs opened so far, to name them. */
  opened: number;
  /**
   * Every flow any tab showed, the copy with the most attempts; and those shown ended. A tab
   * does not save an ended flow, so a reload forgets it: its booking and charges still count.
   */
  seen: Map<string, PaymentFlow>;
  ended: Set<string>;
}

type Model = Record<string, never>;

const openTabs = (real: Real): OpenTab[] => real.slots.filter((tab) => tab !== undefined);

/** The `t`-th open tab, counting round; there is always one. */
const tabAt = (real: Real, t: number): OpenTab | undefined => {
  const open = openTabs(real);
  return open[t % open.length];
};

const flowsIn = (tab: OpenTab): PaymentFlow[] => selectAllFlows(tab.app.store.getState());
const flowIn = (tab: OpenTab, flowId: string) => selectFlowById(tab.app.store.getState(), flowId);

/**
 * The `i`-th flow this tab shows, in the order the schedule started them (not by random id):
 * among those not ended yet if there are any, as a user acts on the flow in front of them.
 */
function pick(real: Real, tab: OpenTab, i: number): string | undefined {
  const known = real.flowIds.filter((flowId) => flowIn(tab, flowId));
  const live = known.filter((flowId) => {
    const shown = flowIn(tab, flowId);
    return shown !== undefined && !isTerminal(shown);
  });
  const among = live.length > 0 ? live : known;
  return among.length === 0 ? undefined : among[i % among.length];
}

function flowsStateOf(tab: OpenTab): PaymentFlowsState {
  return tab.app.store.getState().paymentFlows;
}

/** A page load in `slot`: a store over the shared storage, one more tab in the hub. */
async function openTab(real: Real, slot: number): Promise<void> {
  real.opened += 1;
  const hubTab = real.hub.openTab();
  const held = new Map<string, () => void>();
  // The hub's tab, telling the test which flows it drives.
  const coordination: InProcessTab = {
    ...hubTab,
    locks: {
      request(name, callbacks) {
        const release = hubTab.locks.request(name, {
          granted: () => {
            // As when a lease ran out while the tab stalled: the next tab gets it, this one is told.
            held.set(name, () => {
              held.delete(name);
              release();
              callbacks.lost?.();
            });
            callbacks.granted();
          },
          lost: () => {
            held.delete(name);
            callbacks.lost?.();
          },
        });
        return () => {
          held.delete(name);
          release();
        };
      },
      close: () => {
        held.clear();
        hubTab.locks.close();
      },
    },
  };
  const app = openApp({
    server: real.server,
    memory: real.memory,
    client: real.client,
    tabs: coordination,
    // A release is wrong if any open tab shows the booking paid.
    shownFlows: () => openTabs(real).flatMap(flowsIn),
  });
  const tab: OpenTab = {
    name: `tab ${real.opened}`,
    app,
    coordination,
    last: app.store.getState().paymentFlows,
    held,
  };
  real.slots[slot] = tab;
  app.store.subscribe(() => {
    for (const f of selectAllFlows(app.store.getState())) {
      const before = real.seen.get(f.flowId);
      if (!before || before.attempt <= f.attempt) real.seen.set(f.flowId, f);
      if (isTerminal(f)) real.ended.add(f.flowId);
    }
  });
  const { persistor } = app;
  if (persistor) await rehydrated({ ...app, persistor });
  tab.last = flowsStateOf(tab);
}

/** The user closes the tab: the store stops (writing what it holds), then its locks go. */
async function closeTab(real: Real, slot: number): Promise<void> {
  const tab = real.slots[slot];
  if (!tab) return;
  real.slots[slot] = undefined;
  await tab.app.close();
  tab.coordination.close();
}

/** The tab is killed: no last write, the browser frees its locks and its messages stop. */
function crashTab(real: Real, slot: number): void {
  const tab = real.slots[slot];
  if (!tab) return;
  real.slots[slot] = undefined;
  tab.app.sagaTask.cancel();
  tab.app.persistor?.pause();
  tab.coordination.crash();
}

/** Reported after the file: how much was explored. */
const totals = {
  schedules: 0,
  steps: 0,
  startedAt: Date.now(),
  /** Flows by the last status a tab showed. */
  ended: new Map<string, number>(),
  /** Flows a tab took over from another (closed, killed or reloaded). */
  takeovers: 0,
};

afterAll(async () => {
  // The time limit can interrupt a schedule midway: it still closes its tabs and server.
  await current?.catch(() => undefined);
  const seconds = ((Date.now() - totals.startedAt) / 1000).toFixed(0);
  const ended = [...totals.ended].map(([status, n]) => `${n} ${status}`).join(', ');
  console.log(
    `[two-tab fault schedules] ${totals.schedules} schedules, ${totals.steps} steps in ${seconds} s; flows by last status: ${ended || 'none'}; ${totals.takeovers} taken over`,
  );
}, 40_000);

/** A command whose `run` acts on the real system; every one is always allowed. */
function command(label: string, act: (real: Real) => Promise<void> | void) {
  return {
    check: () => true,
    async run(_model: Model, real: Real) {
      totals.steps += 1;
      await act(real);
      // Let what the step set off happen, then check each open tab's own transitions.
      await sleep(5);
      for (const tab of openTabs(real)) {
        const now = flowsStateOf(tab);
        const problem = breach(tab.last, now);
        tab.last = now;
        if (problem) throw new Error(`after ${label}, in ${tab.name}: ${problem}`);
      }
      const leak = secretLeak(real.memory, real.client);
      if (leak) throw new Error(`after ${label}: ${leak}`);
    },
    toString: () => label,
  };
}

/** Records the flow a Confirm made, if the tab kept it (the draft may have had one already). */
function started(real: Real, tab: OpenTab, flowId: string): void {
  if (flowIn(tab, flowId) && !real.flowIds.includes(flowId)) real.flowIds.push(flowId);
}

const start = (t: number, d: number) =>
  command(`start(tab #${t}, draft ${d})`, (real) => {
    const tab = tabAt(real, t);
    if (!tab) return;
    const { payload } = tab.app.store.dispatch(flowStarted(DRAFTS[d] ?? FIRST_DRAFT));
    started(real, tab, payload.flowId);
  });

/** Confirm pressed for one draft in two tabs at once: neither has heard of the other's yet. */
const startInTwo = (d: number) =>
  command(`start in two tabs(draft ${d})`, (real) => {
    const [first, second] = openTabs(real);
    const draft = DRAFTS[d] ?? FIRST_DRAFT;
    const ids = [first, second].map((tab) =>
      tab ? { tab, flowId: tab.app.store.dispatch(flowStarted(draft)).payload.flowId } : undefined,
    );
    for (const each of ids) if (each) started(real, each.tab, each.flowId);
  });

const pay = (t: number, i: number, method: (typeof METHODS)[number]) =>
  command(`pay(tab #${t}, flow ${i}, ${method})`, (real) => {
    const tab = tabAt(real, t);
    const flowId = tab && pick(real, tab, i);
    if (tab && flowId) {
      tab.app.store.dispatch(paymentSubmitted({ flowId, paymentMethodId: method, at: Date.now() }));
    }
  });

const retry = (t: number, i: number) =>
  command(`retry(tab #${t}, flow ${i})`, (real) => {
    const tab = tabAt(real, t);
    const flowId = tab && pick(real, tab, i);
    if (tab && flowId) tab.app.store.dispatch(retryRequested({ flowId, at: Date.now() }));
  });

const cancel = (t: number, i: number) =>
  command(`cancel(tab #${t}, flow ${i})`, (real) => {
    const tab = tabAt(real, t);
    const flowId = tab && pick(real, tab, i);
    if (tab && flowId) tab.app.store.dispatch(cancelRequested({ flowId, at: Date.now() }));
  });

/** The same flow's Pay, or Pay and Cancel, pressed in two tabs at once. */
const inTwoTabs = (i: number, second: 'pay' | 'cancel') =>
  command(`pay and ${second} in two tabs(flow ${i})`, (real) => {
    const [first, other] = openTabs(real);
    const flowId = first && pick(real, first, i);
    if (!first || !other || !flowId) return;
    const at = Date.now();
    first.app.store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at }));
    other.app.store.dispatch(
      second === 'pay'
        ? paymentSubmitted({ flowId, paymentMethodId: 'pm_card_slow', at })
        : cancelRequested({ flowId, at }),
    );
  });

/** Closed, or killed; never the last open tab (then nothing would drive the flows). */
const close = (slot: number, how: 'close' | 'crash') =>
  command(`${how} tab in slot ${slot}`, (real) => leave(real, slot, how));

/** The slot of the tab that drives the flow, if one does. */
const driverOf = (real: Real, flowId: string): number =>
  real.slots.findIndex((each) => each?.held.has(flowLockName(flowId)));

/** The driving tab stalls past its lease (the lease fallback): the lock goes to the next tab. */
const stall = (i: number) =>
  command(`the driving tab of flow ${i} loses its lock`, (real) => {
    const flowId = real.flowIds[i % Math.max(1, real.flowIds.length)];
    if (flowId === undefined) return;
    const driver = real.slots[driverOf(real, flowId)];
    driver?.held.get(flowLockName(flowId))?.();
  });

/** Leaves the tab in `slot` unless it is the last one open. */
async function leave(real: Real, slot: number, how: 'close' | 'crash'): Promise<void> {
  if (slot < 0 || !real.slots[slot] || openTabs(real).length < 2) return;
  if (how === 'close') await closeTab(real, slot);
  else crashTab(real, slot);
}

/** Confirm, then the tab is left while its booking request may still be on its way. */
const startAndLeave = (t: number, d: number, ms: number, how: 'close' | 'crash') =>
  command(`start(tab #${t}, draft ${d}), ${how} it after ${ms} ms`, async (real) => {
    const tab = tabAt(real, t);
    if (!tab) return;
    const { payload } = tab.app.store.dispatch(flowStarted(DRAFTS[d] ?? FIRST_DRAFT));
    started(real, tab, payload.flowId);
    await sleep(ms);
    await leave(real, real.slots.indexOf(tab), how);
  });

/** Pay in one tab, then the tab driving the flow is left while the payment may be on its way. */
const payAndLeave = (t: number, i: number, ms: number, how: 'close' | 'crash') =>
  command(`pay(tab #${t}, flow ${i}), ${how} its driving tab after ${ms} ms`, async (real) => {
    const tab = tabAt(real, t);
    const flowId = tab && pick(real, tab, i);
    if (!tab || !flowId) return;
    tab.app.store.dispatch(
      paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }),
    );
    await sleep(ms);
    await leave(real, driverOf(real, flowId), how);
  });

/** Opens the slot's tab, or reloads it if it is open: a new page over the saved flows. */
const reopen = (slot: number) =>
  command(`reopen tab in slot ${slot}`, async (real) => {
    await closeTab(real, slot);
    await openTab(real, slot);
  });

const threeDSecure = (i: number, outcome: 'approve' | 'deny') =>
  command(`3ds(flow ${i}, ${outcome})`, async (real) => {
    const flowId = real.flowIds[i % Math.max(1, real.flowIds.length)];
    const flow = openTabs(real)
      .map((tab) => (flowId ? flowIn(tab, flowId) : undefined))
      .find((each) => each?.status === 'requiresAction' && each.nextAction?.url && each.paymentId);
    if (!flow?.paymentId) return;
    // The bank's answer carries the challenge id of the URL the flow would redirect to.
    const url = new URL(flow.nextAction?.url ?? '/', real.server.url);
    const challengeId = url.searchParams.get('challenge') ?? '';
    await fetch(`${real.server.url}/api/payments/${flow.paymentId}/authenticate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ outcome, challengeId }),
    }).catch(() => undefined);
  });

const serverAway = (ms: number) =>
  command(`server away ${ms} ms`, (real) => real.server.pauseRealtime(ms));
const loseResponses = (n: number) =>
  command(`lose ${n} responses`, (real) => {
    real.server.faults.loseNextResponses(n);
  });
const wait = (ms: number) => command(`wait ${ms} ms`, () => sleep(ms));

/** Statuses in which a flow waits on the client or the server, not on the user. */
const BUSY: ReadonlySet<PaymentFlow['status']> = new Set([
  'draft',
  'creatingBooking',
  'confirmingPayment',
  'processing',
  'cancelling',
  'reconciling',
] as const);

/** The user waits (at most `ms`) until no tab shows a spinner: then Pay meets a payable flow. */
const waitForUser = (ms: number) =>
  command(`wait until no tab is busy, at most ${ms} ms`, async (real) => {
    const deadline = Date.now() + ms;
    const busy = () => openTabs(real).some((each) => flowsIn(each).some((f) => BUSY.has(f.status)));
    while (busy() && Date.now() < deadline) await sleep(10);
  });

const tab = fc.nat(SLOTS - 1);
const flow = fc.nat(4);
const draft = fc.nat(DRAFTS.length - 1);
const how = fc.constantFrom<('close' | 'crash')[]>('close', 'crash');

const commands = [
  fc.tuple(tab, draft).map(([t, d]) => start(t, d)),
  fc.tuple(tab, draft).map(([t, d]) => start(t, d)),
  fc.integer({ min: 100, max: 1_000 }).map(waitForUser),
  fc.integer({ min: 100, max: 1_000 }).map(waitForUser),
  draft.map(startInTwo),
  fc.tuple(tab, flow, fc.constantFrom(...METHODS)).map(([t, i, method]) => pay(t, i, method)),
  // Pay with a card that goes through is what most users do; weighted up against the declines.
  fc.tuple(tab, flow).map(([t, i]) => pay(t, i, 'pm_card_visa')),
  fc.tuple(tab, flow).map(([t, i]) => pay(t, i, 'pm_card_visa')),
  fc.tuple(tab, flow).map(([t, i]) => retry(t, i)),
  fc
    .tuple(flow, fc.constantFrom<('pay' | 'cancel')[]>('pay', 'cancel'))
    .map(([i, second]) => inTwoTabs(i, second)),
  fc.tuple(tab, flow).map(([t, i]) => cancel(t, i)),
  fc.tuple(tab, how).map(([slot, how]) => close(slot, how)),
  tab.map(reopen),
  flow.map(stall),
  fc.tuple(tab, draft, fc.nat(60), how).map(([t, d, ms, h]) => startAndLeave(t, d, ms, h)),
  fc.tuple(tab, flow, fc.nat(60), how).map(([t, i, ms, h]) => payAndLeave(t, i, ms, h)),
  fc
    .tuple(flow, fc.constantFrom<('approve' | 'deny')[]>('approve', 'deny'))
    .map(([i, outcome]) => threeDSecure(i, outcome)),
  fc.constant(
    command('server restarts empty', async (real) => {
      const { port } = new URL(real.server.url);
      await real.server.close();
      real.lostServers.push(real.server);
      real.server = await startFaultServer(Number(port));
    }),
  ),
  fc.integer({ min: 20, max: 300 }).map(serverAway),
  fc.nat(2).map(loseResponses),
  fc.constant(
    command('drop sockets', (real) => {
      real.server.realtime.dropAllSockets();
    }),
  ),
  fc.nat(2).map((n) =>
    command(`lose ${n} events`, (real) => {
      real.server.faults.dropNextStatusEvents(n);
    }),
  ),
  fc.nat(2).map((n) =>
    command(`fail ${n} bookings with 503`, (real) => {
      real.server.faults.failNextBookings(n);
    }),
  ),
  fc.integer({ min: 0, max: 150 }).map((ms) =>
    command(`responses ${ms} ms late`, (real) => {
      real.server.faults.setResponseDelay(ms);
    }),
  ),
  fc.integer({ min: 0, max: 300 }).map(wait),
];

/** Why the open tabs are not yet at rest and agreed; undefined once they are. */
function unsettled(real: Real): string | undefined {
  const tabs = openTabs(real);
  for (const each of tabs) {
    const active = flowsIn(each).filter((f) => !atRest(f));
    if (active.length > 0) {
      return `${each.name} still shows ${active.map((f) => `${f.flowId} ${f.status}`).join(', ')}`;
    }
  }
  const statuses = new Map<string, string[]>();
  for (const each of tabs) {
    for (const f of flowsIn(each)) {
      statuses.set(f.flowId, [...(statuses.get(f.flowId) ?? []), `${each.name}: ${f.status}`]);
    }
  }
  for (const [flowId, seen] of statuses) {
    const kinds = new Set(seen.map((line) => line.replace(/^.*: /, '')));
    if (kinds.size > 1) return `the tabs disagree on ${flowId}: ${seen.join(', ')}`;
  }
  return undefined;
}

/** Resolves once every open tab is at rest and they all show each flow alike. */
async function settled(real: Real, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const why = unsettled(real);
    if (why === undefined) return;
    if (Date.now() > deadline) throw new Error(`never settled: ${why}`);
    await sleep(50);
  }
}

/**
 * At most one booking per draft: a server holds no more bookings of a draft than there are
 * flows for it that the tabs show, or showed ended. Confirm pressed in two tabs makes one flow
 * and one booking: the flow that gave way to the other never ended, and does not count.
 */
function bookingsPerDraft(real: Real): void {
  const flows = new Map<string, Set<string>>();
  const ended = [...real.ended].flatMap((flowId) => real.seen.get(flowId) ?? []);
  for (const f of [...openTabs(real).flatMap(flowsIn), ...ended]) {
    const key = draftKey(f.booking);
    flows.set(key, (flows.get(key) ?? new Set()).add(f.flowId));
  }
  for (const each of [real.server, ...real.lostServers]) {
    const bookings = new Map<string, number>();
    for (const booking of each.store.bookings.all()) {
      const key = draftKey(booking);
      bookings.set(key, (bookings.get(key) ?? 0) + 1);
    }
    for (const [key, count] of bookings) {
      const known = flows.get(key)?.size ?? 0;
      if (count > known) throw new Error(`${count} bookings of ${key} for ${known} flows`);
    }
  }
}

function invariants(real: Real): void {
  bookingsPerDraft(real);
  moneyInvariants({
    ...real,
    shown: openTabs(real).flatMap(flowsIn),
    everShown: [...real.seen.values()],
  });
  for (const each of openTabs(real)) {
    if (!each.app.sagaTask.isRunning()) throw new Error(`the sagas of ${each.name} stopped`);
  }
}

function tally(real: Real): void {
  for (const f of real.seen.values()) {
    totals.ended.set(f.status, (totals.ended.get(f.status) ?? 0) + 1);
  }
  totals.takeovers += real.client.logLines.filter((line) =>
    / driven by this tab from (?!draft)/.test(line),
  ).length;
}

function debugReport(real: Real): string {
  const tabs = openTabs(real).map(
    (each) =>
      `${each.name}: ${flowsIn(each)
        .map((f) => `${f.flowId} ${draftKey(f.booking)} ${f.status} ${f.bookingId ?? '-'}`)
        .join('; ')}`,
  );
  const bookings = [real.server, ...real.lostServers].flatMap((each) =>
    each.store.bookings.all().map((b) => `${b.bookingId} ${draftKey(b)} ${b.status}`),
  );
  return [...tabs, ...bookings, ...real.client.logLines].join('\n');
}

/** The schedule running now, if any. */
let current: Promise<void> | undefined;

/** One schedule, from a fresh server, empty storage and two open tabs to the invariants. */
function runSchedule(schedule: Iterable<fc.AsyncCommand<Model, Real>>): Promise<void> {
  current = runOneSchedule(schedule);
  return current;
}

async function runOneSchedule(schedule: Iterable<fc.AsyncCommand<Model, Real>>): Promise<void> {
  totals.schedules += 1;
  const real: Real = {
    server: await startFaultServer(),
    lostServers: [],
    memory: createMemoryStorage(),
    hub: createTabHub(),
    client: newClientSide(),
    slots: Array.from({ length: SLOTS }, () => undefined),
    flowIds: [],
    opened: 0,
    seen: new Map(),
    ended: new Set(),
  };
  try {
    await openTab(real, 0);
    await openTab(real, 1);
    await fc.asyncModelRun(() => ({ model: {}, real }), schedule);
    real.server.faults.setResponseDelay(0);
    await settled(real, HOLD_MS + 10_000);
    invariants(real);
    // What they saved agrees too: a tab opened now shows the same, and nothing starts again.
    const free = real.slots.findIndex((slot) => slot === undefined);
    await openTab(real, free < 0 ? SLOTS : free);
    await settled(real, HOLD_MS + 10_000);
    invariants(real);
    tally(real);
  } catch (error) {
    // FC_DEBUG=1 with a replay: what each tab shows, what the server holds, and every log line.
    if (process.env.FC_DEBUG) console.log(debugReport(real));
    throw error;
  } finally {
    for (let slot = 0; slot < real.slots.length; slot += 1) await closeTab(real, slot);
    await real.server.close();
  }
}

const budgetMs = soakMs > 0 ? soakMs : 30_000;

describe('random fault schedules over several tabs sharing one storage', () => {
  it(
    'one booking per draft, one charge per attempt, every tab at rest and showing the same end',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.commands(commands, {
            maxCommands: 10,
            size: '+1',
            replayPath: process.env.FC_REPLAY_PATH,
          }),
          runSchedule,
        ),
        {
          numRuns: soakMs > 0 ? Number.MAX_SAFE_INTEGER : Number(process.env.SCHEDULES ?? 50),
          plugins: [fc.interruptAfterTimeLimit(budgetMs)],
          ...replayParameters(),
        },
      );
    },
    budgetMs + 60_000,
  );
});
