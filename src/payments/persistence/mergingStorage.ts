import type { Logger } from '../logger.js';
import type { PersistedFlow } from './flowRecord.js';
import { liveTombstones, mergeFlows } from './flowMerge.js';
import {
  backupKey,
  type KeyValueStorage,
  type PersistStorage,
  type PersistValue,
  type StoredObject,
} from './guardedStorage.js';
import { storedText } from './storedText.js';
import {
  readStored,
  type PersistedFlows,
  type StoredFlows,
  type Tombstones,
} from './storedFlows.js';

/** The persisted key holding the flows inside redux-persist's stored object. */
export const FLOWS_KEY = 'paymentFlows';

export interface MergingStorage extends PersistStorage {
  restoredFrom(text: string, read: StoredFlows): void;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** redux-persist's stored object (values are JSON strings), or undefined if it is not one. */
function storedObject(text: string | null): Record<string, unknown> | undefined {
  const outer = text === null ? undefined : parseJson(text);
  return typeof outer === 'object' && outer !== null && !Array.isArray(outer)
    ? (outer as Record<string, unknown>)
    : undefined;
}

function flowsOf(outer: Record<string, unknown> | undefined): unknown {
  const inner = outer?.[FLOWS_KEY];
  return typeof inner === 'string' ? parseJson(inner) : undefined;
}

/** What redux-persist wrote, each value parsed; undefined if the string is not its format. */
function partsOf(value: PersistValue): StoredObject | undefined {
  if (typeof value !== 'string') return value;
  const outer = storedObject(value);
  if (outer === undefined) return undefined;
  const parts: StoredObject = {};
  for (const [name, inner] of Object.entries(outer)) {
    parts[name] = typeof inner === 'string' ? parseJson(inner) : undefined;
    if (parts[name] === undefined) return undefined;
  }
  return parts;
}

/** The stored version redux-persist recorded with a value (`_persist.version`), if it did. */
function versionOf(persist: unknown): number | undefined {
  const meta = typeof persist === 'string' ? parseJson(persist) : persist;
  if (typeof meta !== 'object' || meta === null || !('version' in meta)) return undefined;
  return typeof meta.version === 'number' ? meta.version : undefined;
}

/**
 * Several tabs write one key: without this, the last writer's whole value replaces the others'.
 * Each write of `key` first reads what is stored and merges it in (see `mergeFlows`): flows only
 * another tab holds are kept, and flows this tab wrote before and no longer holds (retired here)
 * become tombstones that every later merge honours. The value stays redux-persist's own object of
 * JSON strings, this tab's `_persist` (version) included, so migrations read it as before. With
 * a synchronous storage (localStorage) the read, the merge and the write run in one task.
 */
export function createMergingStorage(
  storage: KeyValueStorage,
  options: { key: string; now: () => number; logger: Logger },
): MergingStorage {
  const { key, now, logger } = options;
  /** Live flows in this tab's last write; one missing from the next was retired here. */
  let writtenHere = new Set<string>();
  /** Tombstones made here, repeated in each write until they expire. */
  let retiredHere: Tombstones = {};
  let previous: Promise<unknown> = Promise.resolve();
  /**
   * What storage holds as far as this tab knows, as text and as flows: its own last write as
   * merged, or before any, what the restore read. While storage still holds that text (no other
   * tab wrote since), the next merge starts from it: reading it again (two JSON parses and a
   * schema check per flow) was most of a write's cost, ~0.3 s at 10,000 flows, and made the first
   * write after a reload cost as much as the restore.
   */
  let known: { text: string; flows: StoredFlows } | undefined;

  function merge(value: PersistValue, stored: string | null): string {
    const parts = partsOf(value);
    const mine = parts?.[FLOWS_KEY] as PersistedFlows | undefined;
    if (parts === undefined || mine === undefined) {
      return typeof value === 'string' ? value : storedText(value);
    }
    const held = new Set(mine.flows.map((flow) => flow.flowId));
    const leftHere = [...writtenHere].filter((flowId) => !held.has(flowId));
    const at = now();
    const result = mergeFlows({
      mine: { flows: mine.flows, retired: { ...retiredHere, ...mine.retired } },
      stored:
        known !== undefined && stored === known.text
          ? known.flows
          : readStored(flowsOf(storedObject(stored))),
      leftHere,
      now: at,
    });
    for (const { flowId, reason } of result.dropped) {
      logger.warn('dropped a stored flow that does not parse', { flowId, reason });
    }
    for (const flowId of leftHere) retiredHere[flowId] = at;
    retiredHere = liveTombstones(retiredHere, at);
    writtenHere = held;
    const text = storedText({ ...parts, [FLOWS_KEY]: result.value });
    known = { text, flows: { ...result.value, dropped: [] } };
    return text;
  }

  async function mergeAndWrite(value: PersistValue): Promise<void> {
    let stored: string | null = null;
    try {
      const read = storage.getItem(key);
      stored = read instanceof Promise ? await read : read;
    } catch (error) {
      // Nothing to merge with; not writing at all would lose this tab's flows too.
      logger.error('reading saved flows before a write failed; writing this tab’s alone', {
        reason: String(error),
      });
    }
    if (stored !== null && stored !== known?.text) await keepIfNewer(stored, value);
    await storage.setItem(key, merge(value, stored));
  }

  /**
   * A tab of a newer release wrote since this tab last did (two tabs during a deploy): the
   * merge keeps only what this release can read, dropping its flows in statuses or shapes this
   * one does not know. The restore's backup cannot hold them (they came after it), so the
   * value is copied to the backup first, as the restore does for a newer value.
   */
  async function keepIfNewer(stored: string, value: PersistValue): Promise<void> {
    const theirs = versionOf(storedObject(stored)?._persist);
    const mine = versionOf(partsOf(value)?._persist);
    if (theirs === undefined || mine === undefined || theirs <= mine) return;
    try {
      await storage.setItem(backupKey(key), stored);
      logger.error(
        `saved flows from a newer version (${theirs}, this one writes ${mine}) kept in ${backupKey(key)} before this tab’s write`,
      );
    } catch (error) {
      // Not writing at all would lose this tab's flows too.
      logger.error(`could not keep saved flows from a newer version in ${backupKey(key)}`, {
        reason: String(error),
      });
    }
  }

  return {
    /**
     * Storage held `text` when this tab restored from it, and its flows read as `read`
     * (`readStored`, its drops already reported). Ignored once this tab has written.
     */
    restoredFrom(text: string, read: StoredFlows): void {
      known ??= { text, flows: { ...read, dropped: [] } };
    },
    getItem: (name) => storage.getItem(name),
    removeItem(name) {
      if (name !== key) return storage.removeItem(name);
      // redux-persist's purge (a logout), after the write in flight, if any, so that it cannot
      // land after the removal. The flows this tab wrote are forgotten, not retired: tombstones
      // would drop them from the writes of another tab, not logged out, that goes on with them.
      const removal = previous.then(async () => {
        await storage.removeItem(key);
        // Only once they are gone: a removal that failed leaves them stored, and the next write
        // must then retire them (tombstones), or the next page resumes the old user's flows.
        writtenHere = new Set();
        known = undefined;
      });
      previous = removal.catch(() => undefined);
      return removal;
    },
    setItem(name, value) {
      if (name !== key) {
        return storage.setItem(name, typeof value === 'string' ? value : storedText(value));
      }
      // One merge at a time: each reads what the one before it wrote.
      const write = previous.then(() => mergeAndWrite(value));
      previous = write.catch(() => undefined);
      return write;
    },
  };
}

/**
 * The flows every tab has saved under `key`, each checked, without those retired anywhere: what
 * a tab reads before it acts on a flow another tab may have driven. Unreadable storage holds none.
 */
export async function readSavedFlows(
  storage: KeyValueStorage,
  key: string,
  logger: Logger,
): Promise<PersistedFlow[]> {
  try {
    const stored = readStored(flowsOf(storedObject(await storage.getItem(key))));
    return stored.flows.filter((flow) => !Object.hasOwn(stored.retired, flow.flowId));
  } catch (error) {
    logger.warn('reading the saved flows failed', { reason: String(error) });
    return [];
  }
}
