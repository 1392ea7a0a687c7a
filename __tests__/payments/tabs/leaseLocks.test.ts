import { createLeaseLocks, leaseKey } from '../../../src/payments/tabs/leaseLocks';
import type { SyncStorage } from '../../../src/payments/tabs/syncStorage';
import { createSharedStorage, createStallableTimers } from './sharedStorage';

const TTL = 5_000;
const BEAT = 1_000;
const KEY = leaseKey('flow-1');

type Shared = ReturnType<typeof createSharedStorage>;

function openTab(shared: Shared, tabId: string, view = (storage: SyncStorage) => storage) {
  const { storage } = shared.openWindow();
  const timers = createStallableTimers();
  const locks = createLeaseLocks({
    storage: view(storage),
    tabId,
    now: () => Date.now(),
    ttlMs: TTL,
    heartbeatMs: BEAT,
    timers,
  });
  return { storage, timers, locks, callbacks: { granted: jest.fn(), lost: jest.fn() } };
}

const leaseIn = (shared: Shared): unknown => JSON.parse(shared.get(KEY) ?? 'null');

/** Opens tab `a` and lets it take `flow-1`: claimed on one heartbeat, confirmed on the next. */
function heldByA(shared: Shared) {
  const a = openTab(shared, 'a');
  const releaseA = a.locks.request('flow-1', a.callbacks);
  jest.advanceTimersByTime(2 * BEAT);
  expect(a.callbacks.granted).toHaveBeenCalledTimes(1);
  return { a, releaseA };
}

beforeEach(() => {
  jest.useFakeTimers({ now: 1_900_000_000_000 });
});

afterEach(() => {
  jest.useRealTimers();
});

describe('lease locks', () => {
  it('writes a claim on one heartbeat and grants it on the next, once it still reads as its own', () => {
    const shared = createSharedStorage();
    const a = openTab(shared, 'a');
    a.locks.request('flow-1', a.callbacks);

    jest.advanceTimersByTime(BEAT);
    expect(leaseIn(shared)).toEqual({ tabId: 'a', until: Date.now() + TTL });
    expect(a.callbacks.granted).not.toHaveBeenCalled();

    jest.advanceTimersByTime(BEAT);
    expect(a.callbacks.granted).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(10 * BEAT);
    expect(a.callbacks.granted).toHaveBeenCalledTimes(1);
  });

  it('grants a name to one tab at a time, and other names independently', () => {
    const shared = createSharedStorage();
    const { a } = heldByA(shared);
    const b = openTab(shared, 'b');
    b.locks.request('flow-1', b.callbacks);
    const other = jest.fn();
    b.locks.request('flow-2', { granted: other });

    jest.advanceTimersByTime(20 * BEAT);

    expect(b.callbacks.granted).not.toHaveBeenCalled();
    expect(other).toHaveBeenCalledTimes(1);
    expect(a.callbacks.lost).not.toHaveBeenCalled();
  });

  /** a and b claim `flow-1` on the same heartbeat, b's read before a's write landed. */
  function claimedTogether(shared: Shared) {
    const a = openTab(shared, 'a');
    let stale = true;
    const b = openTab(shared, 'b', (storage) => ({
      ...storage,
      getItem: (key) => {
        if (!stale) return storage.getItem(key);
        stale = false;
        return null;
      },
    }));
    const releaseA = a.locks.request('flow-1', a.callbacks);
    b.locks.request('flow-1', b.callbacks);
    jest.advanceTimersByTime(BEAT);
    return { a, b, releaseA };
  }

  it('of two tabs that claimed at the same instant, grants only the last writer', () => {
    const shared = createSharedStorage();
    const { a, b } = claimedTogether(shared);

    expect(leaseIn(shared)).toMatchObject({ tabId: 'b' });
    jest.advanceTimersByTime(10 * BEAT);

    expect(b.callbacks.granted).toHaveBeenCalledTimes(1);
    expect(a.callbacks.granted).not.toHaveBeenCalled();
  });

  it('leaves the winner’s lease alone when the overwritten claim is given up', () => {
    const shared = createSharedStorage();
    const { b, releaseA } = claimedTogether(shared);

    releaseA();
    jest.advanceTimersByTime(BEAT);

    expect(leaseIn(shared)).toMatchObject({ tabId: 'b' });
    expect(b.callbacks.granted).toHaveBeenCalledTimes(1);
  });

  it('renews a held lease every heartbeat, so it outlives its TTL', () => {
    const shared = createSharedStorage();
    heldByA(shared);
    const b = openTab(shared, 'b');
    b.locks.request('flow-1', b.callbacks);

    jest.advanceTimersByTime(3 * TTL);

    expect(b.callbacks.granted).not.toHaveBeenCalled();
    expect(leaseIn(shared)).toEqual({ tabId: 'a', until: Date.now() + TTL });
  });

  it('removes a released lease; the waiting tab claims it at its next check', () => {
    const shared = createSharedStorage();
    const { releaseA } = heldByA(shared);
    const b = openTab(shared, 'b');
    b.locks.request('flow-1', b.callbacks);
    jest.advanceTimersByTime(3 * BEAT);

    releaseA();
    expect(shared.get(KEY)).toBeUndefined();
    jest.advanceTimersByTime(BEAT);
    expect(leaseIn(shared)).toMatchObject({ tabId: 'b' });
    jest.advanceTimersByTime(BEAT);

    expect(b.callbacks.granted).toHaveBeenCalledTimes(1);
  });

  it('hands a dead tab’s lease to another tab once it expired, and not before', () => {
    const shared = createSharedStorage();
    const { a } = heldByA(shared);
    const b = openTab(shared, 'b');
    b.locks.request('flow-1', b.callbacks);

    a.timers.stall(); // killed: no more heartbeats, and nothing removes its lease
    jest.advanceTimersByTime(TTL);
    expect(b.callbacks.granted).not.toHaveBeenCalled();
    jest.advanceTimersByTime(2 * BEAT);

    expect(b.callbacks.granted).toHaveBeenCalledTimes(1);
  });

  it('reports lost when another tab took the lease during a stall, and leaves that lease alone', () => {
    const shared = createSharedStorage();
    const { a, releaseA } = heldByA(shared);
    const b = openTab(shared, 'b');
    b.locks.request('flow-1', b.callbacks);
    a.timers.stall();
    jest.advanceTimersByTime(TTL + 2 * BEAT);
    expect(b.callbacks.granted).toHaveBeenCalledTimes(1);

    a.timers.resume();
    jest.advanceTimersByTime(BEAT);
    expect(a.callbacks.lost).toHaveBeenCalledTimes(1);
    releaseA();
    const readsAfterLoss = a.storage.reads;
    jest.advanceTimersByTime(5 * BEAT);

    expect(a.storage.reads).toBe(readsAfterLoss);
    expect(a.callbacks.lost).toHaveBeenCalledTimes(1);
    expect(leaseIn(shared)).toMatchObject({ tabId: 'b' });
    expect(b.callbacks.lost).not.toHaveBeenCalled();
  });

  it.each(['not json', 'null', '[]', '{"tabId":"b"}', '{"tabId":7,"until":9e15}'])(
    'counts the unreadable lease %s as free',
    (stored) => {
      const shared = createSharedStorage();
      shared.set(KEY, stored);

      heldByA(shared);
    },
  );

  it('stops checking a request given up while waiting, and stops its interval once none is left', () => {
    const shared = createSharedStorage();
    const { releaseA } = heldByA(shared);
    const b = openTab(shared, 'b');
    const withdrawB = b.locks.request('flow-1', b.callbacks);
    jest.advanceTimersByTime(BEAT);

    withdrawB();
    withdrawB();
    const readsAfterWithdrawal = b.storage.reads;
    releaseA();
    jest.advanceTimersByTime(5 * BEAT);

    expect(b.storage.reads).toBe(readsAfterWithdrawal);
    expect(b.callbacks.granted).not.toHaveBeenCalled();
    expect(shared.get(KEY)).toBeUndefined();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('queues a tab’s own requests for one name behind each other', () => {
    const shared = createSharedStorage();
    const { a, releaseA } = heldByA(shared);
    const second = jest.fn();
    a.locks.request('flow-1', { granted: second });
    jest.advanceTimersByTime(5 * BEAT);
    expect(second).not.toHaveBeenCalled();

    releaseA();
    jest.advanceTimersByTime(2 * BEAT);

    expect(second).toHaveBeenCalledTimes(1);
  });

  it('close gives up every lease and request of the tab', () => {
    const shared = createSharedStorage();
    const { a } = heldByA(shared);
    const waiting = jest.fn();
    a.locks.request('flow-1', { granted: waiting });

    a.locks.close();
    jest.advanceTimersByTime(5 * BEAT);

    expect(shared.get(KEY)).toBeUndefined();
    expect(waiting).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });
});
