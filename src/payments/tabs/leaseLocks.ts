import * as z from 'zod/mini';
import type { SyncStorage } from './syncStorage.js';
import type { LockCallbacks, TabLocks } from './tabLocks.js';

export interface IntervalTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface LeaseLocksOptions {
  storage: SyncStorage;
  tabId: string;
  /** Epoch milliseconds; every tab's clock must roughly agree, as `until` is compared across tabs. */
  now: () => number;
  ttlMs?: number;
  heartbeatMs?: number;
  timers?: IntervalTimers;
}

export const leaseKey = (name: string): string => `payment-flows:lease:${name}`;

const leaseSchema = z.object({ tabId: z.string(), until: z.number() });
type Lease = z.infer<typeof leaseSchema>;

const globalTimers: IntervalTimers = {
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => {
    clearInterval(handle as ReturnType<typeof setInterval>);
  },
};

/** Written by another tab, so anything that is not a lease reads as no lease. */
function readLease(storage: SyncStorage, key: string): Lease | undefined {
  const raw = storage.getItem(key);
  if (raw === null) return undefined;
  try {
    return leaseSchema.safeParse(JSON.parse(raw)).data;
  } catch {
    return undefined;
  }
}

/** `claimed`: our lease is written but not yet confirmed by a later read. */
interface Claim {
  name: string;
  callbacks: LockCallbacks;
  phase: 'waiting' | 'claimed' | 'held';
}

/**
 * The fallback where `navigator.locks` is missing: a lease per lock name in localStorage that
 * its holder renews every heartbeat. localStorage has no compare-and-swap, so a written claim
 * counts only once a later check still reads it: of two tabs that wrote at once, the one
 * overwritten sees it before being granted. A tab that dies stops renewing and its lease
 * expires after `ttlMs`. Requests of this tab for one name queue behind each other, and only
 * the first of each queue is checked.
 */
export function createLeaseLocks(options: LeaseLocksOptions): TabLocks {
  const { storage, tabId, now, ttlMs = 5_000, heartbeatMs = 1_000 } = options;
  const timers = options.timers ?? globalTimers;
  const queues = new Map<string, Claim[]>();
  let interval: { handle: unknown } | undefined;

  const writeLease = (name: string): void => {
    storage.setItem(leaseKey(name), JSON.stringify({ tabId, until: now() + ttlMs }));
  };

  function check(claim: Claim): void {
    const lease = readLease(storage, leaseKey(claim.name));
    const ours = lease?.tabId === tabId;
    if (claim.phase === 'held') {
      if (ours) writeLease(claim.name);
      // Missing or another tab's, live or not: another tab may have driven meanwhile.
      else drop(claim, 'lost');
    } else if (claim.phase === 'claimed' && ours) {
      writeLease(claim.name);
      claim.phase = 'held';
      claim.callbacks.granted();
    } else if (!lease || ours || lease.until < now()) {
      writeLease(claim.name);
      claim.phase = 'claimed';
    } else {
      claim.phase = 'waiting';
    }
  }

  function heartbeat(): void {
    // A snapshot: granted and lost callbacks may request or give up locks.
    for (const queue of [...queues.values()]) {
      const first = queue[0];
      if (first) check(first);
    }
  }

  /** Stops checking `claim`; a claim that wrote a lease removes it if it is still ours. */
  function drop(claim: Claim, reason: 'givenUp' | 'lost'): void {
    const queue = queues.get(claim.name);
    const index = queue?.indexOf(claim) ?? -1;
    if (!queue || index < 0) return;
    queue.splice(index, 1);
    if (queue.length === 0) queues.delete(claim.name);
    if (queues.size === 0 && interval) {
      timers.clearInterval(interval.handle);
      interval = undefined;
    }
    if (reason === 'lost') {
      claim.callbacks.lost?.();
    } else if (claim.phase !== 'waiting') {
      if (readLease(storage, leaseKey(claim.name))?.tabId === tabId) {
        storage.removeItem(leaseKey(claim.name));
      }
    }
  }

  return {
    request(name, callbacks) {
      const claim: Claim = { name, callbacks, phase: 'waiting' };
      const queue = queues.get(name) ?? [];
      queue.push(claim);
      queues.set(name, queue);
      interval ??= { handle: timers.setInterval(heartbeat, heartbeatMs) };
      return () => {
        drop(claim, 'givenUp');
      };
    },
    close() {
      for (const queue of [...queues.values()]) {
        for (const claim of [...queue]) drop(claim, 'givenUp');
      }
    },
  };
}
