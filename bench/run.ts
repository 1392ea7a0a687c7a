/**
 * `npm run bench`: every measurement side by side, printed and written to bench/results.md.
 * `npm run bench -- --quick` (in CI): every section once at small sizes, so none rots; its
 * figures mean nothing and are written to a temporary file, not to results.md.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAverage, reportEnvironment } from './environment';
import { startEventServer, type EventServerProcess } from './eventServerProcess';
import { runRecovery, runResync, runStorageWrites } from './persistenceSections';
import { runLatency, runThroughput } from './realtimeSections';
import { Report } from './report';
import { runCreation } from './creation';
import { runMemory } from './memory';
import { runReducerCost } from './reducerCost';
import { runRetirement } from './retirement';
import { runWriteCost } from './writeCost';
import { formatMs } from './stats';

const QUICK = process.argv.includes('--quick');
const RESULTS = QUICK
  ? join(tmpdir(), 'payment-flows-bench-quick.md')
  : fileURLToPath(new URL('./results.md', import.meta.url));
/**
 * The whole bench is bounded: past this, it stops its child and fails. Fresh stores per
 * throughput and latency trial (status changes counted) and 2 s storage-write loads add about
 * 80 s to the ~150 s it took; 290 s left too little margin on a loaded machine.
 */
const WATCHDOG_MS = 480_000;

async function realtimeSections(report: Report): Promise<void> {
  let server: EventServerProcess | undefined;
  try {
    server = await startEventServer();
    await runThroughput(
      report,
      server,
      QUICK
        ? [
            {
              flows: 100,
              trials: 1,
              burst: 2_000,
              naiveBurst: 100,
              naiveTrials: 1,
              naiveBudgetMs: 200,
            },
          ]
        : [
            {
              flows: 1_000,
              trials: 5,
              burst: 50_000,
              naiveBurst: 3_000,
              naiveTrials: 5,
              naiveBudgetMs: 1_000,
            },
            {
              flows: 10_000,
              trials: 5,
              burst: 50_000,
              naiveBurst: 300,
              naiveTrials: 5,
              naiveBudgetMs: 2_000,
            },
          ],
    );
    await runLatency(
      report,
      server,
      QUICK
        ? { flows: 100, ratePerSecond: 500, durationMs: 500, trials: 1 }
        : { flows: 1_000, ratePerSecond: 2_000, durationMs: 2_000, trials: 5 },
    );
  } finally {
    await server?.stop();
  }
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const report = new Report();
  report.heading('payment-flows benchmark', 1);
  report.paragraph(
    `Run ${new Date().toISOString()} with \`npm run bench\`. The machine is shared and noisy: ` +
      'compare the ratios of measurements taken side by side, not absolute rates across runs.',
  );
  reportEnvironment(report);
  await realtimeSections(report);
  await runResync(
    report,
    QUICK
      ? [{ flows: 10, trials: 1 }]
      : [
          { flows: 10, trials: 5 },
          { flows: 100, trials: 5 },
          { flows: 1_000, trials: 5 },
        ],
  );
  await runRecovery(
    report,
    QUICK
      ? [{ flows: 10, trials: 1 }]
      : [
          { flows: 10, trials: 5 },
          { flows: 100, trials: 5 },
          { flows: 1_000, trials: 5 },
        ],
  );
  await runStorageWrites(
    report,
    QUICK
      ? // Three throttle windows: the quick run still crosses several of them.
        { events: 100, durationMs: 1_500, trials: 1, throttles: [500] }
      : { events: 1_000, durationMs: 2_000, trials: 5, throttles: [500, 0] },
  );
  await runWriteCost(
    report,
    QUICK
      ? [{ flows: 100, trials: 1 }]
      : [
          { flows: 1_000, trials: 5 },
          { flows: 10_000, trials: 5 },
        ],
  );
  await runCreation(
    report,
    QUICK
      ? [{ flows: 10, trials: 1 }]
      : [
          { flows: 10, trials: 5 },
          { flows: 100, trials: 5 },
          { flows: 1_000, trials: 5 },
        ],
  );
  // Late: the heap its 10,000 flows leave must not be the one the other sections run in. Its
  // baseline is the whole process's heap, so it also shows what is left against what was added.
  await runMemory(report, QUICK ? [100] : [1_000, 10_000], QUICK ? 1 : 5);
  runReducerCost(report, QUICK ? [10, 100] : [10, 100, 1_000, 10_000], QUICK ? 1 : 5);
  runRetirement(report, QUICK ? [100] : [1_000, 10_000], QUICK ? 1 : 5);
  report.heading('Run');
  report.paragraph(
    `Total bench time ${formatMs(performance.now() - startedAt)}; load average at the end ${loadAverage()}.`,
  );
  await report.write(RESULTS);
  console.log(`\nwritten to ${RESULTS}`);
}

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS} ms; giving up`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

main().then(
  () => {
    clearTimeout(watchdog);
    process.exit(0);
  },
  (error: unknown) => {
    console.error('bench failed:', error);
    process.exit(1);
  },
);
