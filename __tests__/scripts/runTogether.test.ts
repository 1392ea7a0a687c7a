/** @jest-environment node */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

const runner = path.resolve(__dirname, '../../scripts/runTogether.js');

/**
 * `sh -c '…; :'` stays the parent of the program it starts and, like npx, does not pass a
 * SIGTERM on to it: the program outlives its wrapper unless its whole group is stopped.
 */
const wrapped = (label: string) => ({
  command: 'sh',
  args: ['-c', `node -e "console.log('${label}', process.pid); setInterval(() => {}, 1e6)"; :`],
});

/** Resolves with the pid each wrapped program printed. */
function printedPids(child: ChildProcess, labels: string[]): Promise<number[]> {
  return new Promise((resolve) => {
    const pids = new Map<string, number>();
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      for (const [, label, pid] of text.matchAll(/(\w+) (\d+)/g))
        pids.set(label ?? '', Number(pid));
      if (labels.every((label) => pids.has(label))) resolve(labels.map((l) => pids.get(l) ?? 0));
    });
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits for the process to be gone; a process that lingers fails the test by its timeout. */
async function gone(pid: number): Promise<void> {
  while (isRunning(pid)) await new Promise((resolve) => setImmediate(resolve));
}

describe('npm run dev’s runner', () => {
  it('stops the programs npx-like wrappers started, not only the wrappers, on SIGTERM', async () => {
    const script = `import(${JSON.stringify(runner)}).then(({ runTogether }) => runTogether(${JSON.stringify(
      [wrapped('backend'), wrapped('webpack')],
    )}))`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pids = await printedPids(child, ['backend', 'webpack']);

    child.kill('SIGTERM');
    await once(child, 'exit');

    await Promise.all(pids.map(gone));
    expect(pids.filter(isRunning)).toEqual([]);
  });
});
