import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The wall time of the browser suite across Jest's workers: the first browser file of a run
 * writes its start to a file named after the run's main process; every file reports against it,
 * so the last one to finish prints the suite's total.
 */

/** A marker older than this process by more than this is from an earlier run (pid reuse). */
const STALE_MARKER_MS = 60_000;

function markerPath(): string {
  // A Jest worker is a child process with an IPC channel; in band, Jest is this process.
  const run = process.env.JEST_WORKER_ID !== undefined && process.send ? process.ppid : process.pid;
  return join(tmpdir(), `payment-flows-browser-suite-${run}.start`);
}

function readMarker(): number | undefined {
  try {
    const startedAt = Number(readFileSync(markerPath(), 'utf8'));
    const processStartedAt = Date.now() - process.uptime() * 1000;
    return startedAt >= processStartedAt - STALE_MARKER_MS ? startedAt : undefined;
  } catch {
    return undefined;
  }
}

/** Called when a browser file starts; returns the suite's start. */
export function markSuiteStart(now: number): number {
  const existing = readMarker();
  if (existing !== undefined) return existing;
  writeFileSync(markerPath(), String(now));
  return now;
}

export function logSuiteTime(file: string, fileStartedAt: number): void {
  const now = Date.now();
  const suiteStartedAt = readMarker() ?? fileStartedAt;
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  console.log(
    `[browser suite time] ${file} took ${seconds(now - fileStartedAt)} s; ` +
      `browser suite wall time so far (the last file's line is the total): ` +
      `${seconds(now - suiteStartedAt)} s`,
  );
}
