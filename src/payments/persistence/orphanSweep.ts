import type { Logger } from '../logger.js';
import type { KeyValueStorage } from './guardedStorage.js';
import {
  EMPTY_INDEX,
  flowEntryKey,
  FLOWS_KEY,
  parseJson,
  parseStored,
  readIndex,
  storedEntryIds,
  versionOf,
} from './storageLayout.js';

/**
 * How old a flow entry no list names must be to be removed as an orphan. A younger one may be
 * another tab's, written an instant before the list that names it (entry first, then list); a
 * day is far longer than that instant, and as long as the server keeps a request's idempotency.
 */
export const ORPHAN_HORIZON_MS = 24 * 60 * 60 * 1000;

/** What the merging storage of one tab knows when it looks for orphans. */
export interface OrphanSweep {
  storage: KeyValueStorage;
  key: string;
  now: () => number;
  logger: Logger;
  /** The list as this tab last wrote or read it. */
  ownList: ReadonlySet<string>;
  /** The flows this tab holds or has stored: their entries are never orphans. */
  held: () => ReadonlySet<string>;
  /** The stored version this tab writes; undefined before it has written. */
  versionHere: number | undefined;
}

const readText = async (storage: KeyValueStorage, name: string): Promise<string | null> =>
  (await storage.getItem(name)) ?? null;

/**
 * When an entry's flow last changed, read loosely: a newer release's entry that this one's
 * schema refuses is still a flow another tab may be about to list. Undefined when the entry is
 * no flow's record at all.
 */
function updatedAtOf(text: string | null): number | undefined {
  const record = text === null ? undefined : parseJson(text);
  if (typeof record !== 'object' || record === null || !('updatedAt' in record)) return undefined;
  return typeof record.updatedAt === 'number' ? record.updatedAt : undefined;
}

/**
 * The flows the stored list names; undefined when it cannot be trusted to name them all: not
 * readable, or written by a newer release, which may list its flows some other way.
 */
async function listedNow({
  storage,
  key,
  versionHere,
}: OrphanSweep): Promise<ReadonlySet<string> | undefined> {
  const text = await readText(storage, key);
  if (text === null) return EMPTY_INDEX.saved;
  const parsed = parseStored(text);
  const index = parsed && readIndex(parsed[FLOWS_KEY]);
  const theirs = versionOf(parsed?._persist);
  if (index === undefined || index.dropped.some(({ what }) => what === 'list')) return undefined;
  if (versionHere === undefined || (theirs !== undefined && theirs > versionHere)) {
    return undefined;
  }
  return index.saved;
}

/**
 * Removes the entries no list names (a tab crashed between writing an entry and the list
 * naming it, a tab rewrote the list without it, a logout read the list before it was named):
 * left, they fill the storage quota and keep a logged-out user's bookings. An entry is taken
 * for one only when it is a day old or no flow's record (`ORPHAN_HORIZON_MS`), and the list is
 * read again last: an entry another tab has just written is listed an instant later. The
 * merging storage queues it with its writes, so this tab's own flows do not change meanwhile.
 */
export async function sweepOrphans(sweep: OrphanSweep): Promise<void> {
  const { storage, key, now, logger, ownList } = sweep;
  const unnamed = storedEntryIds(storage, key)?.filter((flowId) => !ownList.has(flowId)) ?? [];
  if (unnamed.length === 0) return;
  const held = sweep.held();
  const horizon = now() - ORPHAN_HORIZON_MS;
  const old: string[] = [];
  for (const flowId of unnamed) {
    if (held.has(flowId)) continue;
    const updatedAt = updatedAtOf(await readText(storage, flowEntryKey(key, flowId)));
    if (updatedAt === undefined || updatedAt < horizon) old.push(flowId);
  }
  if (old.length === 0) return;
  const listed = await listedNow(sweep);
  if (listed === undefined) return;
  const orphans = old.filter((flowId) => !listed.has(flowId));
  for (const flowId of orphans) await storage.removeItem(flowEntryKey(key, flowId));
  if (orphans.length > 0) logger.info('removed saved flows no list names', { flowIds: orphans });
}
