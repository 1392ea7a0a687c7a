import { createWebLocks, type LockRequester } from '../../../src/payments/tabs/tabLocks';

interface Waiter {
  callback: () => Promise<void>;
  signal: AbortSignal;
  settle: (outcome: Promise<unknown>) => void;
}

/** navigator.locks for exclusive locks: FIFO per name, grants in a later job, honours `signal`. */
function createFakeLockManager(): LockRequester {
  const queues = new Map<string, Waiter[]>();

  function grantFirst(name: string): void {
    const first = queues.get(name)?.[0];
    if (!first) return;
    const held = Promise.resolve().then(first.callback);
    first.settle(held);
    void held
      .catch(() => undefined)
      .then(() => {
        queues.get(name)?.shift();
        grantFirst(name);
      });
  }

  return {
    request(name, { signal }, callback) {
      return new Promise((resolve, reject) => {
        const queue = queues.get(name) ?? [];
        queues.set(name, queue);
        const waiter: Waiter = { callback, signal, settle: resolve };
        queue.push(waiter);
        signal.addEventListener('abort', () => {
          const index = queue.indexOf(waiter);
          // Only a waiting request can be aborted; a granted one runs to its end.
          if (index <= 0) return;
          queue.splice(index, 1);
          reject(signal.reason as Error);
        });
        if (queue.length === 1) grantFirst(name);
      });
    },
  };
}

const settled = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

describe('Web Locks', () => {
  it('grants a name to one tab, then to the next once the first gives it up', async () => {
    const manager = createFakeLockManager();
    const [tabA, tabB] = [createWebLocks(manager), createWebLocks(manager)];
    const [grantedA, grantedB] = [jest.fn(), jest.fn()];

    const releaseA = tabA.request('flow-1', { granted: grantedA });
    tabB.request('flow-1', { granted: grantedB });
    await settled();
    expect(grantedA).toHaveBeenCalledTimes(1);
    expect(grantedB).not.toHaveBeenCalled();

    releaseA();
    releaseA();
    await settled();
    expect(grantedB).toHaveBeenCalledTimes(1);
    expect(grantedA).toHaveBeenCalledTimes(1);
  });

  it('withdraws a waiting request without an unhandled rejection: it is never granted', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const manager = createFakeLockManager();
      const [tabA, tabB, tabC] = [1, 2, 3].map(() => createWebLocks(manager));
      const [grantedB, grantedC] = [jest.fn(), jest.fn()];
      const releaseA = tabA!.request('flow-1', { granted: jest.fn() });
      const withdrawB = tabB!.request('flow-1', { granted: grantedB });
      tabC!.request('flow-1', { granted: grantedC });
      await settled();

      withdrawB();
      releaseA();
      await settled();

      expect(grantedB).not.toHaveBeenCalled();
      expect(grantedC).toHaveBeenCalledTimes(1);
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('close gives up the tab’s held locks and waiting requests', async () => {
    const manager = createFakeLockManager();
    const [tabA, tabB] = [createWebLocks(manager), createWebLocks(manager)];
    const waitingA = jest.fn();
    tabA.request('flow-1', { granted: jest.fn() });
    tabA.request('flow-2', { granted: jest.fn() });
    const grantedB = jest.fn();
    tabB.request('flow-2', { granted: grantedB });
    tabA.request('flow-2', { granted: waitingA });
    await settled();

    tabA.close();
    const flow1 = jest.fn();
    tabB.request('flow-1', { granted: flow1 });
    await settled();

    expect(grantedB).toHaveBeenCalledTimes(1);
    expect(flow1).toHaveBeenCalledTimes(1);
    expect(waitingA).not.toHaveBeenCalled();
  });
});
