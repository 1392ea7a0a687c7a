import type { KeyValueStorage } from '../../src/payments/persistence/guardedStorage';

/** One setItem: when it was called and, once the value is in the map, when it completed. */
export interface StorageWrite {
  key: string;
  value: string;
  startedAt: number;
  completedAt?: number;
}

/** What happened to the map, in the order it happened: reads by when they settled. */
export type StorageEvent =
  | { type: 'readSettled'; key: string; value: string | null }
  | { type: 'written'; key: string; value: string };

export interface MemoryStorageOptions {
  /** Every getItem answers after this long; default 0 (next microtask). */
  readDelayMs?: number;
  /** Every setItem lands in the map after this long; default 0. */
  writeDelayMs?: number;
  /** Lists its keys as localStorage does (`length`, `key(index)`); default not, as AsyncStorage. */
  listsKeys?: boolean;
}

const after = (ms: number): Promise<void> =>
  ms > 0
    ? new Promise((resolve) => {
        setTimeout(resolve, ms);
      })
    : Promise.resolve();

/**
 * An in-memory, asynchronous KeyValueStorage (what redux-persist writes to) that records every
 * write, so tests can count writes and read the stored string. Survives "reloads": a new store
 * created over the same instance reads what the previous one wrote.
 */
export function createMemoryStorage(
  initial: Record<string, string> = {},
  options: MemoryStorageOptions = {},
) {
  const data = new Map(Object.entries(initial));
  const writes: StorageWrite[] = [];
  const events: StorageEvent[] = [];
  const listeners = new Set<() => void>();
  let readGate: Promise<void> | undefined;
  const readDelayMs = options.readDelayMs ?? 0;

  const notify = (): void => {
    for (const listener of [...listeners]) listener();
  };

  const storage: KeyValueStorage = {
    async getItem(key) {
      // What the read sees is what was there when it was issued, as with a real backend.
      const value = data.get(key) ?? null;
      await after(readDelayMs);
      if (readGate) await readGate;
      events.push({ type: 'readSettled', key, value });
      notify();
      return value;
    },
    async setItem(key, value) {
      const write: StorageWrite = { key, value, startedAt: Date.now() };
      writes.push(write);
      await after(options.writeDelayMs ?? 0);
      data.set(key, value);
      write.completedAt = Date.now();
      events.push({ type: 'written', key, value });
      notify();
    },
    async removeItem(key) {
      data.delete(key);
    },
  };
  if (options.listsKeys) {
    Object.defineProperty(storage, 'length', { get: () => data.size });
    storage.key = (index) => [...data.keys()][index] ?? null;
  }

  /** Resolves with the first completed write (past or future) that satisfies `predicate`. */
  function waitForWrite(
    predicate: (write: StorageWrite) => boolean,
    timeoutMs = 5_000,
  ): Promise<StorageWrite> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const match = writes.find((write) => write.completedAt !== undefined && predicate(write));
        if (!match) return;
        cleanup();
        resolve(match);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching write in ${timeoutMs} ms; ${writes.length} writes seen`));
      }, timeoutMs);
      function cleanup(): void {
        listeners.delete(check);
        clearTimeout(timer);
      }
      listeners.add(check);
      check();
    });
  }

  return {
    storage,
    /** Every setItem so far, in call order. */
    writes,
    /** Reads and writes in the order they settled. */
    events,
    get: (key: string): string | undefined => data.get(key),
    keys: (): string[] => [...data.keys()],
    /** Every stored string, under every key. */
    values: (): string[] => [...data.values()],
    set: (key: string, value: string): void => {
      data.set(key, value);
    },
    writesTo: (key: string): StorageWrite[] => writes.filter((write) => write.key === key),
    /** Holds every read until the returned function is called. */
    holdReads(): () => void {
      let release = (): void => undefined;
      readGate = new Promise((resolve) => {
        release = () => {
          readGate = undefined;
          resolve();
        };
      });
      return release;
    },
    waitForWrite,
  };
}

export type MemoryStorage = ReturnType<typeof createMemoryStorage>;
