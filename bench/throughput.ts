import type { Socket } from 'socket.io-client';
import { selectFlowByPaymentId } from '../src/payments/selectors';
import {
  BURST_EVENT,
  bookingIdOf,
  finalSeqOf,
  lastEventOf,
  paymentIdOf,
  type BurstRequest,
} from './burstProtocol';
import type { EventServerProcess } from './eventServerProcess';
import { createLinkedStore, LINKED_THROTTLE_MS } from './linkedStore';
import { createNaiveStore } from './naiveStore';
import { connectBareClient, timeBurst } from './rawClient';
import { sleep, whenStore } from './waits';

export interface ThroughputPlan {
  flows: number;
  trials: number;
  /** Events per burst for raw socket.io and for the store. */
  burst: number;
  /** The naive baseline is slow: a smaller burst, extrapolated to a rate. */
  naiveBurst: number;
  naiveTrials: number;
  /** Stop applying naive updates after this long and extrapolate the rate. */
  naiveBudgetMs: number;
}

export interface ThroughputResult {
  plan: ThroughputPlan;
  rawRates: number[];
  storeRates: number[];
  naiveRates: number[];
  /** How many events each naive trial applied within its budget. */
  naiveHandled: number[];
  /** Events per store notification during the store bursts (how well bursts were batched). */
  eventsPerDispatch: number[];
  /** This process's CPU time (user + system) per event, in µs, during each raw burst. */
  rawCpuPerEvent: number[];
  /** The same during each store burst: socket.io's client, the sagas and the reducers. */
  storeCpuPerEvent: number[];
  /** Storage writes that fired inside each store burst, and the share of one more it owed. */
  storeWritesInside: number[];
  owedWrites: number[];
  setupMs: number;
}

const BURST_TIMEOUT_MS = 30_000;

type LinkedStore = Awaited<ReturnType<typeof createLinkedStore>>;

const rate = (events: number, ms: number): number => (events * 1000) / ms;

/**
 * µs of CPU this process spent since `since` (user + system, every thread: GC helpers too). The
 * event server is a child process, so only the client side of a burst is counted.
 */
function cpuMicrosSince(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return user + system;
}

/**
 * The share of one storage write a burst of `ms` owes beyond the `writesInside` it paid: under
 * sustained load the store writes once per throttle window, so a burst owes ms / throttle writes.
 * Shorter than a window (1,000 flows: ~430 ms of a 500 ms throttle), none fired inside it and
 * the write it scheduled ran after the timed window, so its figures had no persistence in them.
 */
export function owedWriteShare(ms: number, throttleMs: number, writesInside: number): number {
  if (throttleMs <= 0) return 0;
  return Math.min(1, Math.max(0, ms / throttleMs - writesInside));
}

/**
 * Bursts into the real store; done once the store holds every payment's last seq. The write the
 * burst leaves pending is then made at once (persistor.flush()) and timed apart: its time and
 * CPU count for the share of a write the burst owes (see owedWriteShare), and it cannot run
 * into the next measurement.
 */
async function storeBurst(linked: LinkedStore, socket: Socket, burst: BurstRequest) {
  const { store } = linked;
  const payments = burst.paymentIds.length;
  const last = lastEventOf(burst.count, payments, burst.startSeq);
  const lastPaymentId = paymentIdOf(last.paymentIndex);
  let notifications = 0;
  const unsubscribe = store.subscribe(() => {
    notifications += 1;
  });
  const writesBefore = linked.writes();
  const cpuAtStart = process.cpuUsage();
  const startedAt = performance.now();
  const reached = whenStore(
    store,
    () => (selectFlowByPaymentId(store.getState(), lastPaymentId)?.serverSeq ?? 0) >= last.seq,
    BURST_TIMEOUT_MS,
    `store burst of ${burst.count}`,
  );
  socket.emit(BURST_EVENT, burst);
  const endedAt = await reached;
  // Taken before the check below, which is the bench's own work.
  const burstCpu = cpuMicrosSince(cpuAtStart);
  const burstMs = endedAt - startedAt;
  const writesInside = linked.writes() - writesBefore;
  unsubscribe();
  const flushCpuAtStart = process.cpuUsage();
  const flushStartedAt = performance.now();
  await linked.persistor.flush();
  const flushMs = performance.now() - flushStartedAt;
  const flushCpu = cpuMicrosSince(flushCpuAtStart);
  const owed = owedWriteShare(burstMs, LINKED_THROTTLE_MS, writesInside);
  for (let index = 0; index < payments; index += 1) {
    const expected = finalSeqOf(index, burst.count, payments, burst.startSeq);
    const actual = selectFlowByPaymentId(store.getState(), paymentIdOf(index))?.serverSeq;
    if (actual !== expected) {
      throw new Error(`payment ${index}: store has seq ${actual ?? 'none'}, expected ${expected}`);
    }
  }
  return {
    ms: burstMs + owed * flushMs,
    notifications,
    cpuMicros: burstCpu + owed * flushCpu,
    writesInside,
    owed,
  };
}

/** The three contenders of one flow count, connected to the same event server. */
async function setUp(server: EventServerProcess, flows: number) {
  const linked = await createLinkedStore(flows, server.url);
  if (!linked.socket) throw new Error('the store has no socket');
  return {
    linked,
    storeSocket: linked.socket,
    raw: await connectBareClient(server.url),
    naiveSocket: await connectBareClient(server.url),
    naive: createNaiveStore(flows),
    ids: {
      paymentIds: Array.from({ length: flows }, (_unused, index) => paymentIdOf(index)),
      bookingIds: Array.from({ length: flows }, (_unused, index) => bookingIdOf(index)),
    },
  };
}

type Contenders = Awaited<ReturnType<typeof setUp>>;

/** One trial of each, side by side; returns the seq the store's next burst starts at. */
async function runTrial(
  contenders: Contenders,
  trial: number,
  startSeq: number,
  result: ThroughputResult,
): Promise<number> {
  const { plan } = result;
  const { ids } = contenders;
  const rawCpuAtStart = process.cpuUsage();
  const raw = await timeBurst(
    contenders.raw,
    { ...ids, count: plan.burst, startSeq: 1 },
    () => undefined,
    { timeoutMs: BURST_TIMEOUT_MS },
  );
  result.rawCpuPerEvent.push(cpuMicrosSince(rawCpuAtStart) / plan.burst);
  result.rawRates.push(rate(raw.handled, raw.ms));
  await sleep(50);
  const burst = { ...ids, count: plan.burst, startSeq };
  const stored = await storeBurst(contenders.linked, contenders.storeSocket, burst);
  result.storeRates.push(rate(plan.burst, stored.ms));
  result.eventsPerDispatch.push(plan.burst / Math.max(1, stored.notifications));
  result.storeCpuPerEvent.push(stored.cpuMicros / plan.burst);
  result.storeWritesInside.push(stored.writesInside);
  result.owedWrites.push(stored.owed);
  await sleep(50);
  if (trial < plan.naiveTrials) {
    const naiveBurst = { ...ids, count: plan.naiveBurst, startSeq: 2 + trial };
    const naive = await timeBurst(contenders.naiveSocket, naiveBurst, contenders.naive.applyEvent, {
      timeoutMs: BURST_TIMEOUT_MS,
      budgetMs: plan.naiveBudgetMs,
    });
    result.naiveRates.push(rate(naive.handled, naive.ms));
    result.naiveHandled.push(naive.handled);
    await sleep(50);
  }
  return lastEventOf(plan.burst, plan.flows, startSeq).seq + 1;
}

export async function measureThroughput(
  server: EventServerProcess,
  plan: ThroughputPlan,
): Promise<ThroughputResult> {
  const setupStartedAt = performance.now();
  const contenders = await setUp(server, plan.flows);
  const result: ThroughputResult = {
    plan,
    rawRates: [],
    storeRates: [],
    naiveRates: [],
    naiveHandled: [],
    eventsPerDispatch: [],
    rawCpuPerEvent: [],
    storeCpuPerEvent: [],
    storeWritesInside: [],
    owedWrites: [],
    setupMs: performance.now() - setupStartedAt,
  };
  try {
    // The store's flows hold seq 1; every burst continues where the previous one ended.
    let startSeq = 2;
    for (let trial = 0; trial < plan.trials; trial += 1) {
      startSeq = await runTrial(contenders, trial, startSeq, result);
    }
  } finally {
    contenders.raw.disconnect();
    contenders.naiveSocket.disconnect();
    contenders.linked.stop();
  }
  return result;
}
