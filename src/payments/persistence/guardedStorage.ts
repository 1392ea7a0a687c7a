import type { Logger } from '../logger.js';
import { parseStored } from './storageLayout.js';

/** The storage redux-persist writes to: window.localStorage's shape, sync or async. */
export interface KeyValueStorage {
  getItem(key: string): Promise<string | null> | string | null;
  setItem(key: string, value: string): unknown;
  removeItem(key: string): unknown;
  /**
   * With `key`, Web Storage's way to list what is stored (`window.localStorage` has both).
   * Only a storage that lists its keys lets flow entries no list names be found and removed
   * (`storedEntryIds`); without them (AsyncStorage and the like) such entries stay.
   */
  readonly length?: number;
  key?(index: number): string | null;
}

export const backupKey = (key: string) => `${key}.backup`;

/**
 * Keeps `value` in `<key>.backup`. A different backup already there (made earlier this session
 * or by another page) moves to `<key>.backup.previous` first: two damaged or newer values in a
 * row are both kept, where one slot kept only the last.
 */
export async function keepBackup(
  storage: Pick<KeyValueStorage, 'getItem' | 'setItem'>,
  key: string,
  value: string,
): Promise<void> {
  const slot = backupKey(key);
  const kept = (await storage.getItem(slot)) ?? null;
  if (kept !== null && kept !== value) await storage.setItem(`${slot}.previous`, kept);
  await storage.setItem(slot, value);
}

/** redux-persist's stored object with each of its values parsed: what its rehydrate reads. */
export type StoredObject = Record<string, unknown>;

/**
 * What redux-persist hands a storage to write: its JSON string, or with `serialize: false` the
 * object itself (a storage that merges before it writes then skips parsing what was just
 * serialized: see `createMergingStorage`).
 */
export type PersistValue = string | StoredObject;

export interface ParsedRead {
  value: string;
  parsed: StoredObject | undefined;
}

/** A storage that takes what redux-persist writes in either form. */
export interface PersistStorage extends Omit<KeyValueStorage, 'setItem'> {
  setItem(key: string, value: PersistValue): unknown;
  /**
   * What is stored under `key` as redux-persist's `getStoredState` would read it (`value`, what
   * a backup keeps) and that value parsed (undefined if it does not parse), so it is parsed once;
   * null if nothing is stored. Without it, `getItem`'s value is parsed.
   */
  readParsed?(key: string): Promise<ParsedRead | null>;
}

/** A write held back until its key's read settles; `written` resolves once it is stored. */
interface HeldWrite {
  value?: PersistValue;
  written: Promise<void>;
  release: () => void;
}

function holdWrites(): HeldWrite {
  let release!: () => void;
  const written = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { written, release };
}

/**
 * Closes redux-persist's silent-wipe paths. Left alone, a read that times out, a value that
 * does not parse, or a migration that throws all rehydrate an empty state that the next write
 * stores over the user's flows. Here the stored value is first copied to `<key>.backup`, and
 * no write reaches a key until its read has settled: until then the latest write waits, and
 * its promise (what `persistor.flush()` awaits) resolves only once it is stored.
 */
export function createGuardedStorage(
  storage: PersistStorage,
  options: { readTimeoutMs: number; logger: Logger },
) {
  const { logger } = options;
  const held = new Map<string, HeldWrite>();
  /** What each key's read found: its value (a getter, made only for a backup) is kept. */
  const lastRead = new Map<string, ParsedRead>();

  async function backup(key: string, value: string): Promise<void> {
    try {
      await keepBackup(storage, key, value);
    } catch (error) {
      // Storage full (a second copy of a large value does not fit) or refusing writes. Thrown
      // on, it would leave the key's writes held for good: nothing saved for the whole session.
      logger.error(`could not keep the unreadable saved flows in ${backupKey(key)}`, {
        reason: String(error),
      });
      return;
    }
    logger.error(`kept the unreadable saved flows in ${backupKey(key)}`);
  }

  /** Lets the key be written again, storing the write that waited for it, if any. */
  async function unblock(key: string): Promise<void> {
    const waiting = held.get(key);
    held.delete(key);
    if (!waiting) return;
    try {
      if (waiting.value !== undefined) await storage.setItem(key, waiting.value);
    } finally {
      waiting.release();
    }
  }

  /** A read that outlived the timeout: whatever it finds is kept before anything is written. */
  async function settleLateRead(key: string, read: Promise<string | null>): Promise<void> {
    try {
      const value = await read;
      if (value) await backup(key, value);
    } catch (error) {
      logger.error('reading saved flows failed', { reason: String(error) });
    } finally {
      await unblock(key);
    }
  }

  async function readWithin<T>(read: Promise<T>): Promise<{ value: T } | 'timeout'> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        resolve('timeout');
      }, options.readTimeoutMs);
    });
    try {
      return await Promise.race([read.then((value) => ({ value })), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** What is stored under `key`, parsed once (`readParsed`); null if nothing is. */
  async function readParsed(key: string): Promise<ParsedRead | null> {
    if (storage.readParsed) return storage.readParsed(key);
    // `?? null`: some storages answer undefined for a missing key, which redux-persist reads as
    // nothing stored; taken for unreadable text, it would be "backed up" and reported as damage.
    const text = (await storage.getItem(key)) ?? null;
    return text === null ? null : { value: text, parsed: parseStored(text) };
  }

  /** A read that keeps what it parsed, so the rehydrate does not parse the value again. */
  async function read(key: string): Promise<ParsedRead | null> {
    held.set(key, holdWrites());
    // In a promise's executor, so a storage that throws from getItem itself (a synchronous one)
    // rejects like an asynchronous one: thrown here, it would leave the key's writes held for good.
    const completed = new Promise<ParsedRead | null>((resolve) => {
      resolve(readParsed(key));
    });
    let outcome: { value: ParsedRead | null } | 'timeout';
    try {
      outcome = await readWithin(completed);
    } catch (error) {
      logger.error('reading saved flows failed; starting without them', {
        reason: String(error),
      });
      await unblock(key);
      return null;
    }
    if (outcome === 'timeout') {
      logger.error(
        `storage did not answer in ${options.readTimeoutMs} ms; starting without saved flows`,
      );
      void settleLateRead(
        key,
        completed.then((value) => value?.value ?? null),
      );
      return null;
    }
    const { value: read } = outcome;
    if (read !== null && read.parsed === undefined) {
      logger.error('saved flows are not valid JSON; starting without them');
      await backup(key, read.value);
    }
    if (read?.parsed !== undefined) lastRead.set(key, read);
    await unblock(key);
    return read?.parsed !== undefined ? read : null;
  }

  return {
    async getItem(key: string): Promise<string | null> {
      return (await read(key))?.value ?? null;
    },
    /** `getItem`, with the value parsed as redux-persist's `getStoredState` would parse it. */
    readItem: read,
    async setItem(key: string, value: PersistValue): Promise<void> {
      const waiting = held.get(key);
      if (waiting) {
        waiting.value = value;
        await waiting.written;
        return;
      }
      await storage.setItem(key, value);
    },
    async removeItem(key: string): Promise<void> {
      await storage.removeItem(key);
    },
    /** For a migration that failed: keep what was read before anything overwrites it. */
    async backupLastRead(key: string): Promise<void> {
      const read = lastRead.get(key);
      if (read !== undefined) await backup(key, read.value);
    },
  };
}

export type GuardedStorage = ReturnType<typeof createGuardedStorage>;
