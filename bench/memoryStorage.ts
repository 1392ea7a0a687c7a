import type { KeyValueStorage } from '../src/payments/persistence/guardedStorage';

/** A synchronous-backed in-memory storage that counts setItem calls per key. */
export function createMemoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  const writes = new Map<string, number>();
  const storage: KeyValueStorage = {
    getItem: async (key) => data.get(key) ?? null,
    setItem: async (key, value) => {
      writes.set(key, (writes.get(key) ?? 0) + 1);
      data.set(key, value);
    },
    removeItem: async (key) => {
      data.delete(key);
    },
  };
  return {
    storage,
    get: (key: string): string | undefined => data.get(key),
    writesTo: (key: string): number => writes.get(key) ?? 0,
  };
}
