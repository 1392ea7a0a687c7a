import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { z } from 'zod';
import type { Report } from './report';

const PACKAGES = [
  '@reduxjs/toolkit',
  'immer',
  'redux-saga',
  'redux-persist',
  'socket.io',
  'socket.io-client',
];

const versionOf = (name: string): string => {
  const url = new URL(`../node_modules/${name}/package.json`, import.meta.url);
  const parsed = z.object({ version: z.string() }).safeParse(JSON.parse(readFileSync(url, 'utf8')));
  return parsed.success ? parsed.data.version : 'unknown';
};

const loadAverage = (): string =>
  os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' / ');

/** The commit measured, and whether src/ or server/ had uncommitted changes (others edit them). */
function sourceRevision(): string {
  try {
    const git = (...args: string[]): string =>
      execFileSync('git', args, { encoding: 'utf8', timeout: 5_000 }).trim();
    const dirty = git('status', '--porcelain', '--', 'src', 'server');
    return `${git('rev-parse', '--short', 'HEAD')}${dirty === '' ? '' : ' + uncommitted changes in src/ or server/'}`;
  } catch {
    return 'unknown (git unavailable)';
  }
}

export function reportEnvironment(report: Report): void {
  const cpus = os.cpus();
  report.table(
    ['what', 'value'],
    [
      ['source', sourceRevision()],
      ['node', process.version],
      ['platform', `${os.platform()} ${os.release()} ${os.arch()}`],
      ['cores', `${os.availableParallelism()} (${cpus[0]?.model.trim() ?? 'unknown CPU'})`],
      ['memory', `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`],
      ['NODE_ENV', process.env.NODE_ENV ?? '(unset)'],
      ['load average at start (1/5/15 min)', loadAverage()],
      ['packages', PACKAGES.map((name) => `${name} ${versionOf(name)}`).join(', ')],
    ],
  );
}

export { loadAverage };
