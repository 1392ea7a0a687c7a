import type { Middleware } from '@reduxjs/toolkit';
import { paymentStatusesReceived } from '../src/payments/paymentFlowsSlice';
import { silentLogger } from '../src/payments/logger';
import { selectActiveFlows, selectFlowByPaymentId } from '../src/payments/selectors';
import {
  BURST_EVENT,
  bookingIdOf,
  lastEventOf,
  paymentIdOf,
  preciseNow,
  type BurstRequest,
} from './burstProtocol';
import type { EventServerProcess } from './eventServerProcess';
import { dummyApi } from './linkedStore';
import { createPaymentsStore } from '../src/payments/createPaymentsStore';
import { storageWithFlows } from './flowFixtures';
import { percentile } from './stats';
import { connectBareClient, timeBurst } from './rawClient';
import type { Socket } from 'socket.io-client';
import { sleep, whenStore } from './waits';

export interface LatencyPlan {
  flows: number;
  ratePerSecond: number;
  durationMs: number;
  trials: number;
}

export interface LatencySummary {
  samples: number;
  p50: number;
  p99: number;
  max: number;
}

export interface LatencyTrial {
  /** A bare socket.io client's receive time, same clock, same burst: the floor. */
  raw: LatencySummary;
  store: LatencySummary;
  /** paymentStatusesReceived actions, i.e. store updates, during the trial. */
  batches: number;
}

export interface LatencyResult {
  /** The first store's first trial: code is cold; not counted. */
  warmup: LatencyTrial;
  /**
   * Each on a fresh store, code warm: every flow's first event moves it awaitingPayment →
   * processing (the status changes a booking's payment actually makes), the rest raise seq.
   */
  transitions: LatencyTrial[];
  /** The same store's next burst: every event only raises the seq of a processing flow. */
  trials: LatencyTrial[];
}

const summarize = (samples: readonly number[]): LatencySummary => ({
  samples: samples.length,
  p50: percentile(samples, 50),
  p99: percentile(samples, 99),
  max: percentile(samples, 100),
});

const occurredAtOf = (payload: unknown): number =>
  typeof payload === 'object' &&
  payload !== null &&
  'occurredAt' in payload &&
  typeof payload.occurredAt === 'number'
    ? payload.occurredAt
    : Number.NaN;

async function rawLatency(socket: Socket, burst: BurstRequest, timeoutMs: number) {
  const samples: number[] = [];
  await timeBurst(
    socket,
    burst,
    (payload) => {
      samples.push(preciseNow() - occurredAtOf(payload));
    },
    { timeoutMs },
  );
  return summarize(samples);
}

const MAX_SAMPLES = 100_000;

/** Records, for every update in every paymentStatusesReceived, now − occurredAt (ms). */
function latencyRecorder() {
  const samples: number[] = [];
  let batches = 0;
  const middleware: Middleware = () => (next) => (action) => {
    const result = next(action);
    if (paymentStatusesReceived.match(action)) {
      const appliedAt = preciseNow();
      batches += 1;
      for (const update of action.payload.updates) {
        if (samples.length < MAX_SAMPLES) samples.push(appliedAt - update.occurredAt);
      }
    }
    return result;
  };
  return {
    middleware,
    take(): { samples: number[]; batches: number } {
      const taken = { samples: samples.splice(0), batches };
      batches = 0;
      return taken;
    },
  };
}

type Recorder = ReturnType<typeof latencyRecorder>;

async function connectedStore(server: EventServerProcess, flows: number, recorder: Recorder) {
  // The shipped store with persistence on, its flows rehydrated from storage (as after a
  // reload); the recorder goes in through createPaymentsStore's own `middleware` option, after
  // the payments' own middleware: it sees each action right after the reducers applied it.
  const created = createPaymentsStore({
    api: dummyApi,
    socket: { url: server.url, transports: ['websocket'], getAuthToken: () => 'demo-token' },
    storage: { storage: (await storageWithFlows(flows)).memory.storage },
    logger: silentLogger,
    middleware: [recorder.middleware],
    // As in linkedStore: each settling flow's quiet re-check (one failing GET) would land in a trial.
    timings: { quietRecheck: { maxAttempts: 1, baseDelayMs: 3_600_000, maxDelayMs: 3_600_000 } },
  });
  const { store, socket } = created;
  try {
    if (!socket) throw new Error('the store has no socket');
    await whenStore(
      store,
      () =>
        store.getState().connection.status === 'connected' &&
        selectActiveFlows(store.getState()).length === flows,
      30_000,
      'latency store connected',
    );
    // The first write after the restore (~20 ms at 1,000 flows) is made now, not in a trial.
    await created.persistor.flush();
    await sleep(100);
    return { ...created, socket };
  } catch (error) {
    created.sagaTask.cancel();
    throw error;
  }
}

type LatencyStore = Awaited<ReturnType<typeof connectedStore>>;

/** The burst to the store; its distribution against `raw`, taken for the same burst. */
async function storeTrial(
  target: LatencyStore,
  recorder: Recorder,
  burst: BurstRequest,
  timeoutMs: number,
  raw: LatencySummary,
): Promise<LatencyTrial> {
  const last = lastEventOf(burst.count, burst.paymentIds.length, burst.startSeq);
  const { store } = target;
  recorder.take();
  target.socket.emit(BURST_EVENT, burst);
  await whenStore(
    store,
    () =>
      (selectFlowByPaymentId(store.getState(), paymentIdOf(last.paymentIndex))?.serverSeq ?? 0) >=
      last.seq,
    timeoutMs,
    'latency trial',
  );
  const { samples, batches } = recorder.take();
  if (samples.length !== burst.count) {
    throw new Error(`latency trial: ${samples.length} of ${burst.count} updates reached the store`);
  }
  // The write the burst left pending must not run into the next measurement.
  await target.persistor.flush();
  return { raw, store: summarize(samples), batches };
}

/**
 * Rounds of: a fresh store with the flows awaitingPayment, the burst to the bare client (the
 * floor), the same burst to the store (every flow changes status once), then a second burst
 * (seq only). The first round is the warm-up. Until now only the first store burst changed any
 * status, and it was discarded as the warm-up: with the code warm, such a burst's p99 still
 * measured 37-54 ms against 13-22 ms for seq-only bursts (1,000 flows, 2,000 events/s), and the
 * goal was read on the seq-only bursts alone.
 */
export async function measureLatency(
  server: EventServerProcess,
  plan: LatencyPlan,
): Promise<LatencyResult> {
  const recorder = latencyRecorder();
  const bare = await connectBareClient(server.url);
  const count = Math.round((plan.ratePerSecond * plan.durationMs) / 1000);
  const ids = {
    paymentIds: Array.from({ length: plan.flows }, (_unused, index) => paymentIdOf(index)),
    bookingIds: Array.from({ length: plan.flows }, (_unused, index) => bookingIdOf(index)),
  };
  const timeoutMs = plan.durationMs + 20_000;
  const transitions: LatencyTrial[] = [];
  const trials: LatencyTrial[] = [];
  try {
    for (let round = 0; round <= plan.trials; round += 1) {
      const target = await connectedStore(server, plan.flows, recorder);
      try {
        const first = { ...ids, count, startSeq: 2, ratePerSecond: plan.ratePerSecond };
        const raw = await rawLatency(bare, first, timeoutMs);
        await sleep(100);
        transitions.push(await storeTrial(target, recorder, first, timeoutMs, raw));
        await sleep(100);
        const startSeq = lastEventOf(count, plan.flows, 2).seq + 1;
        const next = { ...first, startSeq };
        trials.push(await storeTrial(target, recorder, next, timeoutMs, raw));
        await sleep(100);
      } finally {
        target.sagaTask.cancel();
        target.persistor.pause();
      }
    }
  } finally {
    bare.disconnect();
  }
  const [warmup, ...counted] = transitions;
  if (!warmup) throw new Error('no latency trial ran');
  // The warm-up round's seq-only trial ran on warm code: counted like the others' would be
  // unequal in number; it is dropped so both kinds have plan.trials trials.
  return { warmup, transitions: counted, trials: trials.slice(1) };
}
