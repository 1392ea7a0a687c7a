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
  /** The first trial: every flow moves awaitingPayment → processing, code is cold. */
  warmup: LatencyTrial;
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
    await sleep(100);
    return { ...created, socket };
  } catch (error) {
    created.sagaTask.cancel();
    throw error;
  }
}

type LatencyStore = Awaited<ReturnType<typeof connectedStore>>;

/** The same burst to the bare client, then to the store; returns both distributions. */
async function runTrial(
  bare: Socket,
  target: LatencyStore,
  recorder: Recorder,
  burst: BurstRequest,
  timeoutMs: number,
): Promise<LatencyTrial> {
  const raw = await rawLatency(bare, burst, timeoutMs);
  await sleep(100);
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
  return { raw, store: summarize(samples), batches };
}

export async function measureLatency(
  server: EventServerProcess,
  plan: LatencyPlan,
): Promise<LatencyResult> {
  const recorder = latencyRecorder();
  const target = await connectedStore(server, plan.flows, recorder);
  const trials: LatencyTrial[] = [];
  const bare = await connectBareClient(server.url);
  const count = Math.round((plan.ratePerSecond * plan.durationMs) / 1000);
  const ids = {
    paymentIds: Array.from({ length: plan.flows }, (_unused, index) => paymentIdOf(index)),
    bookingIds: Array.from({ length: plan.flows }, (_unused, index) => bookingIdOf(index)),
  };
  try {
    let startSeq = 2;
    for (let trial = 0; trial <= plan.trials; trial += 1) {
      const burst = { ...ids, count, startSeq, ratePerSecond: plan.ratePerSecond };
      trials.push(await runTrial(bare, target, recorder, burst, plan.durationMs + 20_000));
      startSeq = lastEventOf(count, plan.flows, startSeq).seq + 1;
      await sleep(100);
    }
  } finally {
    bare.disconnect();
    target.sagaTask.cancel();
  }
  const [warmup, ...measured] = trials;
  if (!warmup) throw new Error('no latency trial ran');
  return { warmup, trials: measured };
}
