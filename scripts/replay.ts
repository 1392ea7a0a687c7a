/**
 * npm run replay -- report.json
 *
 * Rebuilds the states of an exported debug report (one with its recorded actions) in a fresh
 * store with no sagas, and prints each action and the flow's status changes, one line each.
 */
import { readFileSync } from 'node:fs';
import { replayReport } from '../src/payments/debug/replay.js';

const [path] = process.argv.slice(2);
if (path === undefined) {
  console.error('usage: npm run replay -- <debug-report.json>');
  process.exit(2);
}
try {
  const report: unknown = JSON.parse(readFileSync(path, 'utf8'));
  for (const line of replayReport(report)) console.log(line);
} catch (error) {
  console.error(`replay: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
