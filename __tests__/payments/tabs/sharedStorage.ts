import type { SyncStorage } from '../../../src/payments/tabs/syncStorage';

/** One origin's localStorage as the tabs see it: each tab has its own view and window. */
export function createSharedStorage() {
  const data = new Map<string, string>();
  const windows = new Set<EventTarget>();

  /** A tab's view; writes fire a `storage` event in every other window, as browsers do. */
  function openWindow() {
    const target = new EventTarget();
    windows.add(target);
    const changed = (key: string, newValue: string | null): void => {
      for (const other of windows) {
        if (other !== target)
          other.dispatchEvent(Object.assign(new Event('storage'), { key, newValue }));
      }
    };
    const storage: SyncStorage & { reads: number } = {
      reads: 0,
      getItem(key) {
        storage.reads += 1;
        return data.get(key) ?? null;
      },
      setItem(key, value) {
        data.set(key, value);
        changed(key, value);
      },
      removeItem(key) {
        data.delete(key);
        changed(key, null);
      },
    };
    return { storage, target };
  }

  return {
    openWindow,
    get: (key: string): string | undefined => data.get(key),
    set: (key: string, value: string): void => {
      data.set(key, value);
    },
  };
}

/** Interval timers over Jest's fake clock that a test can freeze, as a stalled or dead tab. */
export function createStallableTimers() {
  let stalled = false;
  return {
    setInterval: (callback: () => void, ms: number): unknown =>
      setInterval(() => {
        if (!stalled) callback();
      }, ms),
    clearInterval: (handle: unknown): void => {
      clearInterval(handle as ReturnType<typeof setInterval>);
    },
    stall: (): void => {
      stalled = true;
    },
    resume: (): void => {
      stalled = false;
    },
  };
}
