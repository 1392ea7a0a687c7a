import type { Logger } from '../logger.js';
import { preferredCopy, type PersistedFlow } from './flowRecord.js';
import { liveTombstones, mergeTombstones } from './flowMerge.js';
import {
  backupKey,
  keepBackup,
  type KeyValueStorage,
  type PersistStorage,
  type ParsedRead,
  type PersistValue,
  type StoredObject,
} from './guardedStorage.js';
import {
  EMPTY_INDEX,
  flowEntryKey,
  flowsPartOf,
  FLOWS_KEY,
  indexPart,
  parseStored,
  readEntry,
  readIndex,
  readWithEntries,
  storedEntryIds,
  storedObject,
  versionOf,
  type StoredIndex,
} from './storageLayout.js';
import { sweepOrphans } from './orphanSweep.js';
import { storedText } from './storedText.js';
import {
  readStored,
  type PersistedFlows,
  type StoredFlows,
  type Tombstones,
} from './storedFlows.js';

export { FLOWS_KEY };

export interface MergingStorage extends PersistStorage {
  /**
   * The flows the restore read, unmigrated, and the `fate` of each (`restoredFateOf`). One
   * restored as read is known to be stored; one the restore left out (finished, retired
   * elsewhere, a second flow for a draft that asked nothing of the server) is unlisted by the
   * next write: left listed, every reload would read and drop it again. A tab still holding one
   * lists it again with its next write.
   */
  restoredFrom(
    read: StoredFlows,
    fate: (flow: PersistedFlow) => 'asRead' | 'changed' | 'left',
  ): void;
  /** The persist key's value with its flow entries put back inline (`readWithEntries`). */
  readParsed(key: string): Promise<ParsedRead | null>;
}

/** What redux-persist wrote, each value parsed; undefined if the string is not its format. */
const partsOf = (value: PersistValue): StoredObject | undefined =>
  typeof value === 'string' ? parseStored(value) : value;

/** A flow's entry text: made once per persisted flow, which never changes (`persistFlows`). */
const entryTexts = new WeakMap<PersistedFlow, string>();

function entryText(flow: PersistedFlow): string {
  let text = entryTexts.get(flow);
  if (text === undefined) {
    text = JSON.stringify(flow);
    entryTexts.set(flow, text);
  }
  return text;
}

/**
 * The flows of `current` not in `previous`, when both list the same flows in the same order
 * (`persistFlows` keeps the state's): found by comparing references, without a lookup per flow
 * held (a Map of 10,000 flows per write was most of a write's cost). Undefined when flows came
 * or went.
 */
function changedInPlace(
  previous: readonly PersistedFlow[] | undefined,
  current: readonly PersistedFlow[],
): PersistedFlow[] | undefined {
  if (previous?.length !== current.length) return undefined;
  const changed: PersistedFlow[] = [];
  for (let at = 0; at < current.length; at += 1) {
    const flow = current[at];
    const before = previous[at];
    if (flow === before) continue;
    if (flow === undefined || flow.flowId !== before?.flowId) return undefined;
    changed.push(flow);
  }
  return changed;
}

/**
 * Flow entries written between two yields to the page. A burst changes every flow it names, and
 * writing ~1,000 entries in one go held the main thread 10-30 ms, with socket events waiting
 * behind it. A count, not a clock: the same write yields at the same points on any machine.
 */
export const ENTRIES_PER_SLICE = 200;

/**
 * The page's next task. A message, not `setTimeout(0)`: that waits at least 1 ms in Node and 4 ms
 * once nested in a browser, which over a write of 10,000 entries (50 slices) is 50-200 ms before
 * the write is stored, with the thread idle.
 */
const nextTask = (): Promise<void> =>
  new Promise((resolve) => {
    if (typeof MessageChannel !== 'function') {
      setTimeout(resolve, 0);
      return;
    }
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(undefined);
  });

function writeSlices(mayYield: boolean) {
  let written = 0;
  let yielded = false;
  return {
    get yielded(): boolean {
      return yielded;
    },
    async entryWritten(): Promise<void> {
      written += 1;
      if (!mayYield || written % ENTRIES_PER_SLICE !== 0) return;
      yielded = true;
      await nextTask();
    },
  };
}

const sameTombstones = (a: Tombstones, b: Tombstones): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((flowId) => a[flowId] === b[flowId]);
};

/**
 * Several tabs write one key: without this, the last writer's value replaces the others'. Each
 * flow has its own entry (storageLayout.ts), and a write touches only what changed: the entries
 * of flows that changed since this tab last wrote them, each merged with what storage holds for
 * it (`preferredCopy`), and the index, only when flows come, go or retire. A flow another tab
 * holds is left as it is; one this tab wrote before and no longer holds (retired here) becomes a
 * tombstone that every later write honours, and its entry is removed. The index stays
 * redux-persist's own object of JSON strings, this tab's `_persist` (version) included.
 */
export function createMergingStorage(
  storage: KeyValueStorage,
  options: { key: string; now: () => number; logger: Logger },
): MergingStorage {
  const { key, now, logger } = options;
  /** Flows listed by this tab's last write; one missing from the next was retired here. */
  let writtenHere: ReadonlySet<string> = new Set<string>();
  /** Tombstones made here, repeated in each write until they expire. */
  let retiredHere: Tombstones = {};
  /** Each flow's copy as this tab last wrote or restored it: an unchanged one is not written. */
  let entries = new Map<string, PersistedFlow>();
  /**
   * Listed flows the restore could not read or left out: the next write unlists them. Each with
   * the copy the restore read, as JSON (none when it could not read one).
   */
  const unlisted = new Map<string, string | undefined>();
  let previous: Promise<unknown> = Promise.resolve();
  /**
   * The index as this tab last wrote or read it. While storage still holds that text (no other
   * tab wrote since), the next write starts from it instead of parsing it again.
   */
  let known: { text: string; index: StoredIndex } | undefined;
  /** The flows this tab's last write held, in the transform's order. */
  let lastHeld: readonly PersistedFlow[] | undefined;
  /** The stored version (`_persist.version`) this tab writes, once it has written. */
  let versionHere: number | undefined;
  /** Orphaned entries are looked for once per page (`sweepOrphans`). */
  let sweepDue = true;

  async function readText(name: string): Promise<string | null> {
    const read = storage.getItem(name);
    return (read instanceof Promise ? await read : read) ?? null;
  }

  /**
   * `flow`'s entry, merged with the copy storage holds and with `inline`, a copy an older
   * version stored inline: the one that has seen the most is kept. Storage not holding what
   * this tab wrote last means another tab wrote it since.
   */
  async function writeEntry(flow: PersistedFlow, inline?: PersistedFlow): Promise<void> {
    const name = flowEntryKey(key, flow.flowId);
    let stored: string | null = null;
    try {
      stored = await readText(name);
    } catch (error) {
      // Nothing to merge with; not writing would lose this flow's change.
      logger.error('reading a saved flow before its write failed; writing this tab’s', {
        flowId: flow.flowId,
        reason: String(error),
      });
    }
    const lastHere = entries.get(flow.flowId);
    const theirs =
      stored === null || (lastHere !== undefined && stored === entryText(lastHere))
        ? undefined
        : readEntry(stored);
    if (theirs?.reason !== undefined) {
      logger.warn('dropped a stored flow that does not parse', {
        flowId: flow.flowId,
        reason: theirs.reason,
      });
    }
    let kept = inline === undefined ? flow : preferredCopy(flow, inline);
    if (theirs?.flow !== undefined) kept = preferredCopy(kept, theirs.flow);
    if (kept === theirs?.flow) return;
    const text = entryText(kept);
    if (stored !== text) await storage.setItem(name, text);
  }

  /** Whether the list is no longer `stored`, or an entry of `entryNames` is gone. */
  async function changedWhileYielding(
    stored: string | null,
    entryNames: readonly string[],
  ): Promise<boolean> {
    if ((await readText(key).catch(() => stored)) !== stored) return true;
    for (const name of entryNames) {
      if ((await readText(name).catch(() => '')) === null) return true;
    }
    return false;
  }

  async function mergeAndWrite(value: PersistValue, { mayYield = true } = {}): Promise<void> {
    const slices = writeSlices(mayYield);
    const parts = partsOf(value);
    const mine = parts?.[FLOWS_KEY] as PersistedFlows | undefined;
    if (parts === undefined || mine === undefined) {
      await storage.setItem(key, typeof value === 'string' ? value : storedText(value));
      return;
    }
    versionHere = versionOf(parts._persist);
    let stored: string | null = null;
    try {
      stored = await readText(key);
    } catch (error) {
      // Nothing to merge with; not writing at all would lose this tab's flows too.
      logger.error('reading saved flows before a write failed; writing this tab’s alone', {
        reason: String(error),
      });
    }
    if (stored !== null && stored !== known?.text) await keepIfNewer(stored, value);
    const index =
      stored === null
        ? EMPTY_INDEX
        : stored === known?.text
          ? known.index
          : readIndex(flowsPartOf(storedObject(stored)));
    for (const { flowId, reason } of index.dropped) {
      logger.warn('dropped a stored flow that does not parse', { flowId, reason });
    }
    // A flow the restore left out that another tab has written since (it goes on with it: a
    // second draft it just sent for booking) stays listed: unlisted here, its entry would be
    // removed, and a tab confirming the same draft would not find it saved (a second booking).
    for (const [flowId, asRead] of unlisted) {
      if (!index.saved.has(flowId)) continue;
      const entry = await readText(flowEntryKey(key, flowId)).catch(() => null);
      const current = entry === null ? undefined : readEntry(entry).flow;
      if (current !== undefined && JSON.stringify(current) !== asRead) unlisted.delete(flowId);
    }
    const at = now();
    // Most writes follow status changes: the same flows as last time, a few of them changed.
    const inPlace =
      stored === known?.text && unlisted.size === 0
        ? changedInPlace(lastHeld, mine.flows)
        : undefined;
    // Only a tab that wrote before can have let flows go, and only flows stored inline need
    // looking up: the first write after a reload needs neither.
    const held =
      inPlace || (writtenHere.size === 0 && index.inline.length === 0)
        ? undefined
        : new Map(mine.flows.map((flow) => [flow.flowId, flow]));
    const leftHere = held ? [...writtenHere].filter((flowId) => !held.has(flowId)) : [];
    const retired = mergeTombstones({ ...retiredHere, ...mine.retired }, index.retired, {
      leftHere,
      now: at,
    });
    const listable = (flowId: string) => !Object.hasOwn(retired, flowId) && !unlisted.has(flowId);

    let membershipChanged = index.inline.length > 0 || leftHere.length > 0 || unlisted.size > 0;
    const inline = new Map(index.inline.map((flow) => [flow.flowId, flow]));
    // While storage holds the index this tab knows, a flow this tab wrote or restored as it holds
    // it, and that index lists, is stored: two lookups settle it (most flows, in the first write
    // after a reload, which walks them all). Listed too: a write that failed after storing an
    // entry leaves its copy here, not listed.
    const knownCopies = stored === known?.text && index.inline.length === 0 ? entries : undefined;
    /** Held flows found listed, each once: all of them, when it equals both counts. */
    let heldListed = 0;
    /**
     * The entries this pass stored that the list it read does not name: checked after yielding.
     * Only those can be taken for orphans meanwhile; a listed one goes only with the list (a logout).
     */
    const entryNames: string[] = [];
    for (const flow of inPlace ?? mine.flows) {
      if (
        knownCopies?.get(flow.flowId) === flow &&
        index.saved.has(flow.flowId) &&
        listable(flow.flowId)
      ) {
        heldListed += 1;
        continue;
      }
      if (!listable(flow.flowId)) continue;
      const listed = index.saved.has(flow.flowId);
      if (listed) heldListed += 1;
      membershipChanged ||= !listed;
      // Unlisted: never written, or removed since (a logout in another tab): written again.
      if (!listed || entries.get(flow.flowId) !== flow || inline.has(flow.flowId)) {
        await writeEntry(flow, inline.get(flow.flowId));
        entries.set(flow.flowId, flow);
        if (mayYield && !listed) entryNames.push(flowEntryKey(key, flow.flowId));
        await slices.entryWritten();
      }
    }
    // Flows an older version stored inline move to entries of their own.
    for (const flow of index.inline) {
      if (listable(flow.flowId) && !held?.has(flow.flowId)) {
        await writeEntry(flow);
        if (mayYield) entryNames.push(flowEntryKey(key, flow.flowId));
        await slices.entryWritten();
      }
    }
    // The index read before yielding may be another tab's old one now: this merge would list
    // from it and drop what that tab listed since. And an entry stored before a yield, not yet
    // listed, may have been removed meanwhile (another page's look for orphans takes a day-old
    // flow's unlisted entry for one): listed, it would be a flow without its entry. Merged
    // again, from what storage holds; the entries written are current, so that pass writes
    // few, without yielding.
    if (slices.yielded && (await changedWhileYielding(stored, entryNames))) {
      await mergeAndWrite(value, { mayYield: false });
      return;
    }
    // Most writes change no flow's listing: nothing here then walks every flow held again.
    const tombstonesChanged = !sameTombstones(retired, index.retired);
    let saved = index.saved;
    if (
      membershipChanged ||
      tombstonesChanged ||
      // What another tab wrote may list a flow retired since.
      (stored !== known?.text && [...index.saved].some((flowId) => !listable(flowId)))
    ) {
      const next = new Set<string>();
      for (const flowId of index.saved) if (listable(flowId)) next.add(flowId);
      for (const flow of mine.flows) if (listable(flow.flowId)) next.add(flow.flowId);
      for (const flow of index.inline) if (listable(flow.flowId)) next.add(flow.flowId);
      saved = next;
    }
    let text = stored;
    if (stored === null || saved !== index.saved || tombstonesChanged || stored !== known?.text) {
      text = storedText({ ...parts, [FLOWS_KEY]: indexPart(saved, retired) });
      if (text !== stored) await storage.setItem(key, text);
    }
    if (saved !== index.saved) {
      // Unlisted first, then removed: a reader never finds a listed flow without its entry.
      for (const flowId of new Set([...index.saved, ...writtenHere, ...unlisted.keys()])) {
        if (saved.has(flowId)) continue;
        entries.delete(flowId);
        await storage.removeItem(flowEntryKey(key, flowId));
      }
      writtenHere = new Set(mine.flows.map((flow) => flow.flowId).filter((id) => saved.has(id)));
    } else if (mine.flows.length !== writtenHere.size) {
      // Every flow held is listed and every listed one held: the list is that set already.
      const heldAreSaved =
        inPlace === undefined && heldListed === mine.flows.length && heldListed === saved.size;
      writtenHere = heldAreSaved ? saved : new Set(mine.flows.map((flow) => flow.flowId));
    }
    for (const flowId of leftHere) retiredHere[flowId] = at;
    retiredHere = liveTombstones(retiredHere, at);
    // Unlisted now. One a restore left out while this write yielded may still be listed: the
    // next write unlists it.
    for (const flowId of unlisted.keys()) if (!saved.has(flowId)) unlisted.delete(flowId);
    known = { text: text ?? '', index: { saved, retired, inline: [], dropped: [] } };
    // Only once all is stored: after a write that failed, the next compares with what was.
    lastHeld = mine.flows;
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
      // With its entries inline, as the restore's backup: the list alone would not keep the
      // newer flows' entries this write goes on to store over (one this tab holds too).
      const parsed = partsOf(stored);
      const backup =
        parsed === undefined
          ? stored
          : (await readWithEntries(storage, key, { text: stored, parsed }, logger)).value;
      await keepBackup(storage, key, backup);
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

  /** The value under `name`, parsed; the persist key's with its flow entries put back inline. */
  async function readParsed(name: string): Promise<ParsedRead | null> {
    const text = (await storage.getItem(name)) ?? null;
    if (text === null) return null;
    const parsed = parseStored(text);
    if (parsed === undefined || name !== key) return { value: text, parsed };
    const read = await readWithEntries(storage, name, { text, parsed }, logger);
    for (const flowId of read.unreadable) unlisted.set(flowId, undefined);
    // What does not parse is the restore's to report.
    known ??= { text, index: { ...readIndex(parsed[FLOWS_KEY]), dropped: [] } };
    return read;
  }

  async function removeAll(): Promise<void> {
    let stored: string | null = null;
    try {
      stored = await readText(key);
    } catch {
      // The entries this tab knows of are still removed below.
    }
    const listed = readIndex(flowsPartOf(storedObject(stored))).saved;
    await storage.removeItem(key);
    for (const flowId of new Set([...listed, ...writtenHere, ...entries.keys()])) {
      await storage.removeItem(flowEntryKey(key, flowId));
    }
    // Then those no list names (a tab that crashed before listing its flow, one listed after the
    // list was read above): left, they keep the logged-out user's bookings. Last, so a storage
    // that fails to list its keys has still lost the listed ones.
    for (const flowId of storedEntryIds(storage, key) ?? []) {
      await storage.removeItem(flowEntryKey(key, flowId));
    }
  }

  return {
    restoredFrom(read, fate): void {
      for (const flow of read.flows) {
        const restored = fate(flow);
        if (restored === 'asRead') entries.set(flow.flowId, flow);
        else if (restored === 'left') unlisted.set(flow.flowId, JSON.stringify(flow));
      }
      for (const { flowId } of read.dropped)
        if (flowId !== undefined) unlisted.set(flowId, undefined);
    },
    readParsed,
    // What redux-persist's own `getStoredState` would read: the flows inline, in one value.
    async getItem(name) {
      return name === key ? ((await readParsed(name))?.value ?? null) : storage.getItem(name);
    },
    removeItem(name) {
      if (name !== key) return storage.removeItem(name);
      // redux-persist's purge (a logout), after the write in flight, if any, so that it cannot
      // land after the removal. The flows this tab wrote are forgotten, not retired: tombstones
      // would drop them from the writes of another tab, not logged out, that goes on with them.
      const removal = previous.then(async () => {
        await removeAll();
        // Only once they are gone: a removal that failed leaves them stored, and the next write
        // must then retire them (tombstones), or the next page resumes the old user's flows.
        writtenHere = new Set();
        entries = new Map();
        known = undefined;
        lastHeld = undefined;
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
      if (sweepDue) {
        sweepDue = false;
        // Queued behind the first write, not in it: that write resolves without waiting.
        const sweep = () =>
          sweepOrphans({
            storage,
            key,
            now,
            logger,
            ownList: known?.index.saved ?? EMPTY_INDEX.saved,
            held: () =>
              new Set([
                ...writtenHere,
                ...entries.keys(),
                ...(lastHeld ?? []).map(({ flowId }) => flowId),
              ]),
            versionHere,
          });
        previous = previous.then(sweep).catch((error: unknown) => {
          logger.warn('looking for saved flows no list names failed', { reason: String(error) });
        });
      }
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
    // `?? null`: some storages answer undefined for a missing key.
    const text = (await storage.getItem(key)) ?? null;
    const outer = storedObject(text);
    if (text === null || outer === undefined) return [];
    const part = flowsPartOf(outer);
    const { parsed } = await readWithEntries(
      storage,
      key,
      { text, parsed: { [FLOWS_KEY]: part } },
      logger,
    );
    const stored = readStored(parsed[FLOWS_KEY]);
    return stored.flows.filter((flow) => !Object.hasOwn(stored.retired, flow.flowId));
  } catch (error) {
    logger.warn('reading the saved flows failed', { reason: String(error) });
    return [];
  }
}
