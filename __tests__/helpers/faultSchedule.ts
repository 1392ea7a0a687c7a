import { startDemoServer, type DemoServer } from '../../server/demoServer';
import { createLogger } from '../../src/payments/logger';
import type { PaymentsStoreOptions } from '../../src/payments/createPaymentsStore';
import { selectAllFlows } from '../../src/payments/selectors';
import { isTerminal, MAX_PAYMENT_ATTEMPTS } from '../../src/payments/statusMachine';
import type { BookingDraft, PaymentFlow } from '../../src/payments/types';
import type { MemoryStorage } from './memoryStorage';
import { makeTestStore, testTimings } from './paymentsTestStore';

/**
 * What the random fault schedules (one tab, several tabs) share: the demo server's setup, the
 * client's, and the invariants asked of the server at the end of a schedule.
 */

export const HOLD_MS = 1_500;
const [FIRST_DRAFT, ...OTHER_DRAFTS]: [BookingDraft, ...BookingDraft[]] = [0, 1, 2].map((i) => ({
  resourceId: `room-${i}`,
  start: Date.UTC(2035, 0, 1, 9 + i),
  durationMinutes: 60,
  bookingType: 'FIRM' as const,
})) as [BookingDraft, ...BookingDraft[]];
export { FIRST_DRAFT };
export const DRAFTS = [FIRST_DRAFT, ...OTHER_DRAFTS];
export const METHODS = ['pm_card_visa', 'pm_card_declined', 'pm_card_3ds', 'pm_card_slow'] as const;

export type App = ReturnType<typeof makeTestStore>;

export const TOKEN = 'demo-token';
export const SERVER_OPTIONS = {
  faults: true,
  holdMs: HOLD_MS,
  processingDelayMs: 40,
  slowProcessingDelayMs: 400,
  authToken: TOKEN,
};

export const startFaultServer = (port?: number): Promise<DemoServer> =>
  startDemoServer(port === undefined ? SERVER_OPTIONS : { ...SERVER_OPTIONS, port });

/** What the client's pages share across reloads: the clock they read and where they log. */
export interface ClientSide {
  /** How far the client's clock is ahead of the real one (and of the server's). */
  clockSkewMs: number;
  logLines: string[];
  /** Releases (POST cancel) the client sent for a booking it showed as paid. */
  paidReleases: string[];
}

export const newClientSide = (): ClientSide => ({ clockSkewMs: 0, logLines: [], paidReleases: [] });

export interface OpenAppOptions {
  server: DemoServer;
  memory: MemoryStorage;
  client: ClientSide;
  /** The flows a release would let go that the page shows as paid (default: its own). */
  shownFlows?: () => PaymentFlow[];
  tabs?: PaymentsStoreOptions['tabs'];
}

/** A page load against the fault server, over `memory`, logging into `client`. */
export function openApp({ server, memory, client, shownFlows, tabs }: OpenAppOptions): App {
  const shown = shownFlows ?? (() => selectAllFlows(app.store.getState()));
  const app: App = makeTestStore({
    now: () => Date.now() + client.clockSkewMs,
    logger: createLogger({
      level: 'debug',
      sink: (level, message, context) => {
        client.logLines.push(`${level} ${message} ${JSON.stringify(context ?? {})}`);
      },
    }),
    // A request the server took in as it went away can go unanswered: the client gives up on it
    // at its request timeout, which must end well inside the settle deadline below.
    api: {
      baseUrl: server.url,
      getAuthToken: () => TOKEN,
      timeoutMs: 2_000,
      fetch: (url, init) => {
        const release = /\/api\/bookings\/([^/]+)\/cancel$/.exec(url);
        const paid = shown().find(
          (flow) => flow.bookingId === release?.[1] && flow.status === 'succeeded',
        );
        if (paid) client.paidReleases.push(paid.flowId);
        return fetch(url, init);
      },
    },
    socket: {
      url: server.url,
      getAuthToken: () => TOKEN,
      transports: ['websocket'],
      reconnectionDelay: 20,
      reconnectionDelayMax: 100,
      ackTimeoutMs: 1_000,
    },
    storage: { storage: memory.storage, throttleMs: 5 },
    timings: {
      ...testTimings,
      quietRecheck: { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 200, maxDelayMs: 200 },
    },
    ...(tabs === undefined ? {} : { tabs }),
  });
  return app;
}

export const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

/** The auth token and redirect URLs (a processor may put a client secret there) stay out. */
export function secretLeak(memory: MemoryStorage, client: ClientSide): string | undefined {
  const stored = memory.values().join('\n');
  const logs = client.logLines.join('\n');
  for (const [where, text] of [
    ['storage', stored],
    ['logs', logs],
  ] as const) {
    if (text.includes(TOKEN)) return `the auth token is in ${where}`;
    if (text.includes('/3ds/')) return `a redirect URL is in ${where}`;
  }
  return undefined;
}

/**
 * Nothing spins: a flow is terminal, or it failed before any booking was made and waits, with
 * its reason shown, for the user to retry (it has no hold, so no deadline ever ends it).
 */
export const atRest = (flow: PaymentFlow) =>
  isTerminal(flow) || (flow.status === 'failed' && flow.bookingId === undefined);

export interface MoneyView {
  server: DemoServer;
  /** Servers that restarted empty: what they knew is lost to the client, not to the invariants. */
  lostServers: DemoServer[];
  /** Every flow the client shows, once per page that shows it. */
  shown: PaymentFlow[];
  /**
   * Every flow the client ever showed, for the charges: a page does not save an ended flow, so
   * a reload forgets it, not what it paid. Default: `shown`.
   */
  everShown?: PaymentFlow[];
  /** Every flow the client started. */
  flowIds: string[];
  client: ClientSide;
}

/**
 * What the server says about money, against what the client shows. A payment only a server
 * that restarted empty knew is lost to the client: it may not be shown as paid unless that
 * server had it paid, and it must have come to rest (checked by the caller's settling).
 */
export function moneyInvariants(view: MoneyView): void {
  const { server, lostServers, shown, flowIds, client } = view;
  for (const each of [server, ...lostServers]) {
    const bookings = each.store.bookings.all();
    if (bookings.length > new Set(flowIds).size) {
      throw new Error(`${bookings.length} bookings on one server for ${flowIds.length} flows`);
    }
  }
  // One attempt, one confirm that reaches the processor, however often it is sent. A flow shown
  // by several pages counts once, at the most attempts any page has seen.
  const attemptsOf = new Map<string, PaymentFlow>();
  for (const flow of view.everShown ?? shown) {
    const seen = attemptsOf.get(flow.flowId);
    if (!seen || seen.attempt < flow.attempt) attemptsOf.set(flow.flowId, flow);
  }
  for (const each of [server, ...lostServers]) {
    const attempts = [...attemptsOf.values()]
      .filter((flow) => flow.paymentId && each.store.payments.get(flow.paymentId))
      .reduce((sum, flow) => sum + flow.attempt, 0);
    const { paymentsConfirmed } = each.stats();
    if (paymentsConfirmed > attempts) {
      throw new Error(
        `${paymentsConfirmed} confirms reached the processor for ${attempts} attempts`,
      );
    }
  }
  for (const flow of shown) {
    if (flow.attempt > MAX_PAYMENT_ATTEMPTS)
      throw new Error(`${flow.flowId} attempt ${flow.attempt}`);
    const shownPaid = flow.status === 'succeeded' && flow.paymentId !== undefined;
    const payment = flow.paymentId ? server.store.payments.get(flow.paymentId) : undefined;
    const lost = flow.paymentId
      ? lostServers.map((old) => old.store.payments.get(flow.paymentId ?? '')).find(Boolean)
      : undefined;
    const paid = payment?.status === 'succeeded';
    if (payment === undefined && lost !== undefined) {
      if (shownPaid && lost.status !== 'succeeded') {
        throw new Error(`${flow.flowId}: shown paid; the lost server had ${lost.status}`);
      }
    } else if (paid !== shownPaid) {
      throw new Error(
        `${flow.flowId}: the client shows ${flow.status}, the server's payment is ${payment?.status ?? 'none'}`,
      );
    }
  }
  if (client.paidReleases.length > 0) {
    throw new Error(`released the booking of a flow shown paid: ${client.paidReleases.join(', ')}`);
  }
}

/** `npm run soak -- --minutes N` sets SOAK_MINUTES: run schedules until the time is up. */
export const soakMs = Number(process.env.SOAK_MINUTES ?? 0) * 60_000;

/** fast-check's replay settings from the environment: FC_SEED, FC_PATH (FC_REPLAY_PATH: commands). */
export const replayParameters = () =>
  process.env.FC_SEED === undefined
    ? {}
    : { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH, endOnFailure: true };
