import type { KeyValueStorage } from '../src/payments/persistence/guardedStorage';

/**
 * A synchronous-backed in-memory storage that counts writes and the characters written. One
 * write is what one persist flush stores: the entries of the flows that changed and, when flows
 * came or went, the key listing them (storageLayout.ts). Every write starts by reading the key
 * that lists the flows, so a read of a key other than a flow entry starts the next write: the
 * slices of one write, a few tasks apart (ENTRIES_PER_SLICE), count once.
 */
const isFlowEntryKey = (key: string) => key.includes('/flow/');

export function createMemoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  /** The keys each write (batch) set, in order. */
  const batches: Set<string>[] = [];
  let current: Set<string> | undefined;
  let chars = 0;
  const storage: KeyValueStorage = {
    getItem: async (key) => {
      if (!isFlowEntryKey(key)) current = undefined;
      return data.get(key) ?? null;
    },
    setItem: async (key, value) => {
      if (current === undefined) {
        current = new Set<string>();
        batches.push(current);
      }
      current.add(key);
      chars += value.length;
      data.set(key, value);
    },
    removeItem: async (key) => {
      data.delete(key);
    },
  };
  const under = (key: string, prefix: string) => key === prefix || key.startsWith(`${prefix}/`);
  return {
    storage,
    get: (key: string): string | undefined => data.get(key),
    /** Writes that set `prefix` or one of its flow entries. */
    writesTo: (prefix: string): number =>
      batches.filter((batch) => [...batch].some((key) => under(key, prefix))).length,
    /** Characters written so far, under every key. */
    charsWritten: (): number => chars,
    /** Everything stored under `prefix` and its flow entries, by key. */
    contents: (prefix: string): Record<string, string> =>
      Object.fromEntries([...data].filter(([key]) => under(key, prefix))),
  };
}

/** Characters stored under every key of `contents`. */
export const storedChars = (contents: Record<string, string>): number =>
  Object.values(contents).reduce((sum, text) => sum + text.length, 0);
