import * as z from 'zod/mini';
import { describeIssues, safeIdSchema } from '../apiSchemas.js';
import type { Logger } from '../logger.js';
import { persistedFlowSchema, type PersistedFlow } from './flowRecord.js';
import type { KeyValueStorage, StoredObject } from './guardedStorage.js';
import { readStored, type DroppedEntry, type Tombstones } from './storedFlows.js';

/**
 * From stored version 5 each flow has its own entry, `<key>/flow/<flowId>`, and the persist key
 * holds redux-persist's object with the index: which flows have entries, and the tombstones.
 * A status change then writes that one flow's entry, not every flow held (7 MB and ~50 ms at
 * 10,000 flows). Versions before 5 held the flows inline, under `flows`: still read, and moved
 * to entries by the next write.
 */

/** The persisted key holding the flows part inside redux-persist's stored object. */
export const FLOWS_KEY = 'paymentFlows';

/** A flow's own storage key, beside the persist key that lists it (flowIds are safe ids). */
export const flowEntryKey = (key: string, flowId: string) => `${key}/flow/${flowId}`;

/**
 * The flowIds of every entry stored beside `key`, listed or not; undefined when the storage
 * cannot list its keys. Collected before anything is removed: a removal renumbers the keys.
 */
export function storedEntryIds(storage: KeyValueStorage, key: string): string[] | undefined {
  const { length } = storage;
  // Checked at run time: a storage typed loosely may have `length()` and `key()` that answer
  // promises (localForage), which do not list keys here.
  if (typeof length !== 'number' || typeof storage.key !== 'function') return undefined;
  const prefix = flowEntryKey(key, '');
  const ids: string[] = [];
  for (let at = 0; at < length; at += 1) {
    const name: unknown = storage.key(at);
    if (typeof name !== 'string') return undefined;
    if (name.startsWith(prefix)) ids.push(name.slice(prefix.length));
  }
  return ids;
}

/** The stored version redux-persist recorded with a value (`_persist.version`), if it did. */
export function versionOf(persist: unknown): number | undefined {
  const meta = typeof persist === 'string' ? parseJson(persist) : persist;
  if (typeof meta !== 'object' || meta === null || !('version' in meta)) return undefined;
  return typeof meta.version === 'number' ? meta.version : undefined;
}

/** What the persist key holds, read. */
export interface StoredIndex {
  /** Flows with an entry of their own. */
  saved: ReadonlySet<string>;
  retired: Tombstones;
  /** Flows held inline: written by a version before 5, each checked. */
  inline: PersistedFlow[];
  dropped: DroppedEntry[];
}

export const EMPTY_INDEX: StoredIndex = { saved: new Set(), retired: {}, inline: [], dropped: [] };

const savedSchema = z.array(safeIdSchema);

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * redux-persist stores a JSON object whose values are JSON strings themselves. Parsed as its
 * `getStoredState` parses it, or undefined if any part is not JSON; kept, so it is parsed once.
 */
export function parseStored(serialized: string): StoredObject | undefined {
  try {
    const outer: unknown = JSON.parse(serialized);
    if (typeof outer !== 'object' || outer === null) return undefined;
    const parsed: StoredObject = {};
    for (const [key, inner] of Object.entries(outer)) parsed[key] = JSON.parse(String(inner));
    return parsed;
  } catch {
    return undefined;
  }
}

/** redux-persist's stored object (values are JSON strings), or undefined if it is not one. */
export function storedObject(text: string | null): Record<string, unknown> | undefined {
  const outer = text === null ? undefined : parseJson(text);
  return typeof outer === 'object' && outer !== null && !Array.isArray(outer)
    ? (outer as Record<string, unknown>)
    : undefined;
}

/** The flows part of redux-persist's stored object, parsed. */
export function flowsPartOf(outer: Record<string, unknown> | undefined): unknown {
  const inner = outer?.[FLOWS_KEY];
  return typeof inner === 'string' ? parseJson(inner) : undefined;
}

/** The index in the flows part as stored (any version); unreadable parts are reported. */
export function readIndex(part: unknown): StoredIndex {
  const read = readStored(part);
  const listed =
    typeof part === 'object' && part !== null && 'saved' in part ? part.saved : undefined;
  const saved = savedSchema.safeParse(listed ?? []);
  const dropped = saved.success
    ? read.dropped
    : [...read.dropped, { what: 'list' as const, reason: `saved: ${describeIssues(saved.error)}` }];
  return { saved: new Set(saved.data ?? []), retired: read.retired, inline: read.flows, dropped };
}

/** The flows part as this version stores it: no flow inline, each in its entry. */
export function indexPart(saved: Iterable<string>, retired: Tombstones) {
  return { flows: [], retired, saved: [...saved] };
}

/** One entry as stored, checked; undefined (with why) if it does not parse. */
export function readEntry(text: string): { flow?: PersistedFlow; reason?: string } {
  const parsed = persistedFlowSchema.safeParse(parseJson(text));
  return parsed.success ? { flow: parsed.data } : { reason: describeIssues(parsed.error) };
}

async function readQuietly(storage: KeyValueStorage, key: string): Promise<string | null> {
  try {
    return (await storage.getItem(key)) ?? null;
  } catch {
    return null;
  }
}

/**
 * The persist key with every flow entry it lists put back inline: redux-persist's object in the
 * shape versions before 5 stored, so migrations and the restore read one shape. `value` is that
 * object's text (what a backup keeps). An entry that is gone is left out, and one that is not
 * JSON stays as its text, which the restore drops (and the backup keeps); both are named in
 * `unreadable`, for the next write to unlist.
 */
export async function readWithEntries(
  storage: KeyValueStorage,
  key: string,
  root: { text: string; parsed: StoredObject },
  logger: Logger,
): Promise<{ value: string; parsed: StoredObject; unreadable: string[] }> {
  const part = root.parsed[FLOWS_KEY];
  const index = readIndex(part);
  if (index.saved.size === 0) return { value: root.text, parsed: root.parsed, unreadable: [] };
  const ids = [...index.saved];
  const texts = await Promise.all(
    ids.map((flowId) => readQuietly(storage, flowEntryKey(key, flowId))),
  );
  const inline = (part as { flows?: unknown }).flows;
  const flows: unknown[] = Array.isArray(inline) ? [...(inline as unknown[])] : [];
  const flowTexts = flows.map((flow) => JSON.stringify(flow));
  const unreadable: string[] = [];
  texts.forEach((text, at) => {
    const flowId = ids[at] ?? '';
    const flow = text === null ? undefined : parseJson(text);
    if (text === null || flow === undefined) {
      unreadable.push(flowId);
      logger.warn(`a saved flow's entry is ${text === null ? 'gone' : 'not JSON'}; left out`, {
        flowId,
      });
    }
    if (text === null) return;
    flows.push(flow ?? text);
    flowTexts.push(flow === undefined ? JSON.stringify(text) : text);
  });
  const retired = (part as { retired?: unknown }).retired ?? {};
  const parsed = { ...root.parsed, [FLOWS_KEY]: { flows, retired } };
  // Made when asked for (a backup, a host's getItem): a restore needs only `parsed`, and
  // escaping every flow's text into one value cost ~1-2 ms of it at 1,000 flows.
  let value: string | undefined;
  const valueOf = () => {
    value ??= `{${Object.entries(parsed)
      .map(([name, member]) => {
        const json =
          name === FLOWS_KEY
            ? `{"flows":[${flowTexts.join(',')}],"retired":${JSON.stringify(retired)}}`
            : JSON.stringify(member);
        return `${JSON.stringify(name)}:${JSON.stringify(json)}`;
      })
      .join(',')}}`;
    return value;
  };
  return {
    get value() {
      return valueOf();
    },
    parsed,
    unreadable,
  };
}
