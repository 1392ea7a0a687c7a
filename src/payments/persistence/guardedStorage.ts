import type { Logger } from '../logger';

/** The storage redux-persist writes to: window.localStorage's shape, sync or async. */
export interface KeyValueStorage {
  getItem(key: string): Promise<string | null> | string | null;
  setItem(key: string, value: string): unknown;
  removeItem(key: string): unknown;
}

export const backupKey = (key: string) => `${key}.backup`;

/** redux-persist stores a JSON object whose values are JSON strings themselves. */
function isReadable(serialized: string): boolean {
  try {
    const outer: unknown = JSON.parse(serialized);
    if (typeof outer !== 'object' || outer === null) return false;
    for (const inner of Object.values(outer)) JSON.parse(String(inner));
    return true;
  } catch {
    return false;
  }
}

/**
 * Closes redux-persist's silent-wipe paths. Left alone, a read that times out, a value that
 * does not parse, or a migration that throws all rehydrate an empty state that the next write
 * stores over the user's flows. Here the stored value is first copied to `<key>.backup`, and
 * no write reaches a key until its read has settled.
 */
export function createGuardedStorage(
  storage: KeyValueStorage,
  options: { readTimeoutMs: number; logger: Logger },
) {
  const { logger } = options;
  /** Keys whose read has not settled yet, with the latest write waiting for it. */
  const blocked = new Map<string, { pendingWrite?: string }>();
  const lastRead = new Map<string, string>();

  async function backup(key: string, value: string): Promise<void> {
    await storage.setItem(backupKey(key), value);
    logger.error(`kept the unreadable saved flows in ${backupKey(key)}`);
  }

  async function settleRead(key: string, read: Promise<string | null>): Promise<void> {
    try {
      const value = await read;
      if (value) await backup(key, value);
    } finally {
      const waiting = blocked.get(key);
      blocked.delete(key);
      if (waiting?.pendingWrite !== undefined) await storage.setItem(key, waiting.pendingWrite);
    }
  }

  return {
    async getItem(key: string): Promise<string | null> {
      blocked.set(key, {});
      const read = Promise.resolve(storage.getItem(key));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => {
          resolve('timeout');
        }, options.readTimeoutMs);
      });
      const first = await Promise.race([read, timedOut]);
      clearTimeout(timer);
      if (first === 'timeout') {
        logger.error(
          `storage did not answer in ${options.readTimeoutMs} ms; starting without saved flows`,
        );
        void settleRead(key, read);
        return null;
      }
      blocked.delete(key);
      if (first === null) return null;
      if (!isReadable(first)) {
        logger.error('saved flows are not valid JSON; starting without them');
        await backup(key, first);
        return null;
      }
      lastRead.set(key, first);
      return first;
    },
    async setItem(key: string, value: string): Promise<void> {
      const waiting = blocked.get(key);
      if (waiting) {
        waiting.pendingWrite = value;
        return;
      }
      await storage.setItem(key, value);
    },
    async removeItem(key: string): Promise<void> {
      await storage.removeItem(key);
    },
    /** For a migration that failed: keep what was read before anything overwrites it. */
    async backupLastRead(key: string): Promise<void> {
      const value = lastRead.get(key);
      if (value !== undefined) await backup(key, value);
    },
  };
}

export type GuardedStorage = ReturnType<typeof createGuardedStorage>;
