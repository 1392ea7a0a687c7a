import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readyMessageSchema } from './burstProtocol';
import { withTimeout } from './waits';

export interface EventServerProcess {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('./eventServer.ts', import.meta.url));

function waitForReady(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      reject(new Error(`event server exited early (code ${code ?? 'null'})`));
    });
    child.on('message', (message: unknown) => {
      const ready = readyMessageSchema.safeParse(message);
      if (ready.success) resolve(ready.data.port);
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  if (child.connected) child.disconnect();
  try {
    await withTimeout(exited, 3_000, 'event server shutdown');
  } catch {
    child.kill('SIGKILL');
    await withTimeout(exited, 3_000, 'event server kill');
  }
}

/** Starts bench/eventServer.ts in its own process (node + the tsx loader), on 127.0.0.1:0. */
export async function startEventServer(): Promise<EventServerProcess> {
  const child = fork(SCRIPT, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env },
  });
  try {
    const port = await withTimeout(waitForReady(child), 15_000, 'event server start');
    return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}
