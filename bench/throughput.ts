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
import { settledHeap } from './heap';
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
  return {
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

/**
 * A fresh store, its N flows awaitingPayment, settled before it is measured. One untimed event
 * per flow, same status, seq 2, first: a fresh store's first touch of each flow cost ~3 µs per
 * event more on its own (first bursts without a status change: 11.5-14.4 µs against ~8.5 µs),
 * and that is not what the trials are after.
 */
async function freshStore(server: EventServerProcess, flows: number, ids: Contenders['ids']) {
  const linked = await createLinkedStore(flows, server.url);
  const { socket } = linked;
  if (!socket) {
    linked.stop();
    throw new Error('the store has no socket');
  }
  const touch = { ...ids, count: flows, startSeq: 2, status: 'awaitingPayment' as const };
  await storeBurst(linked, socket, touch);
  await settledHeap();
  await sleep(50);
  return { linked, socket };
}

type FreshStore = Awaited<ReturnType<typeof freshStore>>;

/** One trial of each, side by side: raw, then the fresh store's first burst, then naive. */
async function runTrial(
  contenders: Contenders,
  target: FreshStore,
  trial: number,
  result: ThroughputResult,
): Promise<void> {
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
  const burst = { ...ids, count: plan.burst, startSeq: 3 };
  const stored = await storeBurst(target.linked, target.socket, burst);
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
}

/**
 * Each trial's store is a fresh one whose flows await payment, so each burst moves every flow
 * to processing at its first event, as a payment's status changes, then raises seq. Until now
 * one store took every burst: only the first changed any status, and the median set it aside
 * with the cold code; a fresh store's first burst with the code warm measured 12-20 µs of client
 * CPU per event against 8-9 µs for the seq-only bursts that made the figures (1,000 flows).
 * A first store's first burst, uncounted, warms the code.
 */
export async function measureThroughput(
  server: EventServerProcess,
  plan: ThroughputPlan,
): Promise<ThroughputResult> {
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
    setupMs: Number.NaN,
  };
  try {
    const setupStartedAt = performance.now();
    const warmUp = await freshStore(server, plan.flows, contenders.ids);
    result.setupMs = performance.now() - setupStartedAt;
    try {
      const burst = { ...contenders.ids, count: plan.burst, startSeq: 3 };
      await storeBurst(warmUp.linked, warmUp.socket, burst);
    } finally {
      warmUp.linked.stop();
    }
    for (let trial = 0; trial < plan.trials; trial += 1) {
      const target = await freshStore(server, plan.flows, contenders.ids);
      try {
        await runTrial(contenders, target, trial, result);
      } finally {
        target.linked.stop();
      }
    }
  } finally {
    contenders.raw.disconnect();
    contenders.naiveSocket.disconnect();
  }
  return result;
}
