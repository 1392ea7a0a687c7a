import { useSyncExternalStore } from 'react';

const TICK_MS = 1000;

/**
 * One clock for every countdown on the page: a single interval, running only while some
 * component reads it, instead of one timer per mounted view (1,000 views were 1,000 timers).
 */
const sharedClock = (() => {
  const listeners = new Set<() => void>();
  let now = Date.now();
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    subscribe: (listener: () => void): (() => void) => {
      listeners.add(listener);
      if (timer === undefined) {
        now = Date.now();
        timer = setInterval(() => {
          now = Date.now();
          for (const notify of listeners) notify();
        }, TICK_MS);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== undefined) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    // The same value for every read within a tick, as useSyncExternalStore requires; before the
    // first reader subscribes, the time to the second.
    getSnapshot: (): number => {
      if (timer === undefined) {
        const time = Date.now();
        now = time - (time % TICK_MS);
      }
      return now;
    },
    /** How many intervals are running: 0 or 1, whatever the number of readers. */
    intervals: (): number => (timer === undefined ? 0 : 1),
  };
})();

export const sharedClockIntervals = sharedClock.intervals;

/** The current time in epoch ms, refreshed each second while mounted, from the shared clock. */
export function useNow(): number {
  return useSyncExternalStore(
    sharedClock.subscribe,
    sharedClock.getSnapshot,
    sharedClock.getSnapshot,
  );
}
