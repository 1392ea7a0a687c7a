import { measureRecovery, storedByRealStore } from './recovery';
import type { Report } from './report';
import { measureResync, type ResyncResult } from './resync';
import { formatMs, formatMsRange, median } from './stats';
import {
  measureStorageWrites,
  sustainedWritesVerdict,
  type StorageWritesResult,
} from './storageWrites';
import { storageWithFlows } from './flowFixtures';
import { storedChars } from './memoryStorage';

export async function runResync(
  report: Report,
  plans: readonly { flows: number; trials: number }[],
): Promise<void> {
  report.heading('3. Resync after a server restart');
  const rows: string[][] = [];
  for (const plan of plans) {
    const trials: ResyncResult[] = [];
    for (let trial = 0; trial < plan.trials; trial += 1) {
      trials.push(await measureResync(plan.flows, trial));
    }
    const repeats = trials.map((trial) => trial.repeatsAtLoad + trial.repeatsAtResync);
    rows.push([
      String(plan.flows),
      String(plan.trials),
      formatMsRange(trials.map((trial) => trial.restartToSyncedMs)),
      formatMsRange(trials.map((trial) => trial.connectToSyncedMs)),
      trials.map((trial) => trial.subscribeMessages).join(', '),
      trials.map((trial) => `${trial.repeatsAtLoad} / ${trial.repeatsAtResync}`).join(', '),
      repeats.every((count) => count === 0) ? 'met' : '**missed**',
      formatMsRange(trials.map((trial) => trial.createMs)),
    ]);
  }
  report.table(
    [
      'active flows',
      'trials',
      'startRealtime → all flows updated',
      'client connect → all flows updated',
      'flows:subscribe per reconnect',
      'bookings subscribed twice on one connection (creating / resync)',
      'goal 0 in every trial',
      'creating the flows (sagas + REST)',
    ],
    rows,
  );
  report.paragraph(
    [
      'How: the real demo server in-process (startDemoServer), a createPaymentsStore with its',
      'socket (reconnectionDelay 100 ms, max 500 ms) and REST API on it. N flowStarted for N',
      'distinct drafts, in chunks of 50, until all N are awaitingPayment (last column). Then',
      'stopRealtime(); once the client saw the disconnect, every booking is cancelled in the',
      'server’s domain store (payment seq + 1, events dropped: nobody is listening);',
      'startRealtime(); timed until every flow in the store is `cancelled`. The first timing',
      'includes socket.io’s reconnect delay; the second starts at the client’s `connect`.',
      'Subscribe messages are the server’s `realtime.stats().subscribeMessages` delta from before',
      'the stop to 300 ms after the resync. A booking subscribed twice is one the server was',
      'asked for on a connection already in its room (`repeatSubscriptions`); the goal is 0.',
      'Median [min–max] over trials; a fresh server and store per trial.',
    ].join(' '),
  );
}

/** The goal: every saved flow resumed within this long of createPaymentsStore, at 1,000 flows. */
const RECOVERY_GOAL_1K_MS = 20;

/** The goal's verdict, read on the median, at the size the goal names; none at other sizes. */
export function recoveryVerdict(flows: number, resumedMs: readonly number[]): string {
  if (flows !== 1_000) return '';
  return median(resumedMs) < RECOVERY_GOAL_1K_MS ? 'met' : '**missed**';
}

export async function runRecovery(
  report: Report,
  plans: readonly { flows: number; trials: number }[],
): Promise<void> {
  report.heading('4. Recovery after a reload');
  const rows: string[][] = [];
  for (const plan of plans) {
    const result = await measureRecovery(plan.flows, plan.trials);
    const verdict = recoveryVerdict(
      plan.flows,
      result.trials.map((trial) => trial.toAllStartedMs),
    );
    rows.push([
      String(plan.flows),
      String(plan.trials),
      result.storedChars.toLocaleString('en-US'),
      (result.storedChars / plan.flows).toFixed(0),
      formatMsRange(result.trials.map((trial) => trial.toResumingLineMs)),
      formatMsRange(result.trials.map((trial) => trial.toAllStartedMs)),
      formatMsRange(result.trials.map((trial) => trial.toRehydratedMs)),
      verdict,
    ]);
  }
  report.table(
    [
      'saved flows',
      'trials',
      'stored chars',
      'bytes per flow',
      "→ 'resuming N saved flows'",
      `→ 'resumed N saved flows' (goal < ${RECOVERY_GOAL_1K_MS} ms at 1,000)`,
      '→ REHYDRATE done (persistor bootstrapped)',
      `goal < ${RECOVERY_GOAL_1K_MS} ms at 1,000 (median)`,
    ],
    rows,
  );
  report.paragraph(
    [
      'How: the stored value is written by redux-persist’s own persistoid with our persist',
      'config and transform, from N flows built by the slice reducer (flowStarted →',
      'bookingRequested → bookingCreated), new ones for each trial (flowIds this process never',
      'saw, as on a page load: the same ones again found V8’s hidden classes for objects keyed by',
      'them warm); an in-memory storage (async, no delay) holds it.',
      'Each trial times a fresh createPaymentsStore({ storage }) from the call to: the resume',
      "saga's 'resuming N saved flows' log line (read, parse, migrate, transform, REHYDRATE",
      "reduced, rehydration awaited by the root saga); the 'resumed N saved flows' line (every",
      'flow resumed: a task forked for each flow with work to do, the others parked without one);',
      'and the persistor reporting bootstrapped, which redux-persist',
      'does right after the REHYDRATE dispatch (reducers and synchronous saga work) returns.',
      'Each trial starts on a settled heap (full collections), with the previous trial’s',
      'first write after its restore finished: a page load pays for neither.',
      'Bytes are characters of the stored string (all ASCII).',
    ].join(' '),
  );
  await crossCheckStoredSize(report);
}

async function crossCheckStoredSize(report: Report): Promise<void> {
  const rows: string[][] = [];
  for (const flows of [10, 100]) {
    const real = await storedByRealStore(flows);
    const built = storedChars((await storageWithFlows(flows)).contents);
    rows.push([String(flows), (real / flows).toFixed(1), (built / flows).toFixed(1)]);
  }
  report.paragraph(
    'Cross-check: bytes per flow written by a real store (createPaymentsStore with persistence, ' +
      'scripted REST API, N flowStarted through the sagas, persistor.flush()) vs the value above:',
  );
  report.table(['flows', 'real store', 'bench value'], rows);
}

export async function runStorageWrites(
  report: Report,
  plan: { events: number; durationMs: number; trials: number; throttles: readonly number[] },
): Promise<void> {
  const rows: string[][] = [];
  for (const throttleMs of plan.throttles) {
    const trials: StorageWritesResult[] = [];
    for (let trial = 0; trial < plan.trials; trial += 1) {
      trials.push(await measureStorageWrites(throttleMs, plan.events, plan.durationMs));
    }
    const writes = trials.map((trial) => trial.writesDuringBurst);
    const durations = trials.map((trial) => trial.burstMs);
    rows.push([
      throttleMs === 0 ? '0 (unthrottled)' : String(throttleMs),
      String(plan.events),
      formatMsRange(durations),
      writes.join(', '),
      trials.map((trial) => trial.writesWithFlush).join(', '),
      sustainedWritesVerdict(throttleMs, durations, writes),
    ]);
  }
  report.paragraph(
    `Storage writes under sustained load: ${plan.events} status events spread evenly over ` +
      `${formatMs(plan.durationMs)} (one linked flow, rising seq, one dispatch per macrotask), ` +
      'storage writes (each from its read of the list of flows), per trial:',
  );
  report.table(
    [
      'throttleMs',
      'events',
      'load duration',
      'writes during the load',
      'writes incl. final flush',
      'goal one write per throttle window (every trial)',
    ],
    rows,
  );
}
