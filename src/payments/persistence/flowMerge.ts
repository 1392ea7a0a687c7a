import { oldestFirst } from '../flowState.js';
import { preferredCopy, type PersistedFlow } from './flowRecord.js';
import type { DroppedEntry, PersistedFlows, StoredFlows, Tombstones } from './storedFlows.js';

/** A tombstone outlives the server's 24 h idempotency window, after which no flow is resumed. */
export const TOMBSTONE_TTL_MS = 24 * 60 * 60 * 1000;
/** At most this many tombstones are stored (the most recent); about 60 bytes each. */
export const TOMBSTONE_LIMIT = 1_000;

export interface MergeInput {
  /** What this tab writes now (from `persistFlows`). */
  mine: PersistedFlows;
  /** What storage holds, read by `readStored` (or known to be this tab's last merge). */
  stored: StoredFlows;
  /** Flows this tab wrote before and no longer holds: retired here, tombstoned `now`. */
  leftHere: readonly string[];
  now: number;
}

export interface MergeResult {
  value: PersistedFlows;
  /** Stored entries that could not be kept, each with why. */
  dropped: DroppedEntry[];
}

/** Tombstones younger than the TTL, the most recent `TOMBSTONE_LIMIT` of them. */
export function liveTombstones(tombstones: Tombstones, now: number): Tombstones {
  const kept = Object.entries(tombstones).filter(([, at]) => now - at < TOMBSTONE_TTL_MS);
  kept.sort(([, a], [, b]) => b - a);
  return Object.fromEntries(kept.slice(0, TOMBSTONE_LIMIT));
}

/** Both tabs' tombstones and this tab's newly retired flows, the latest time of each, bounded. */
function mergeTombstones(mine: Tombstones, theirs: Tombstones, input: MergeInput): Tombstones {
  const all: Tombstones = { ...theirs };
  for (const [flowId, at] of Object.entries(mine)) all[flowId] = Math.max(at, all[flowId] ?? at);
  for (const flowId of input.leftHere) all[flowId] ??= input.now;
  return liveTombstones(all, input.now);
}

/**
 * This tab's write merged with what storage holds: every stored flow this tab does not hold is
 * kept, one both hold is the `preferredCopy`, and a flow with a live tombstone (retired in any
 * tab in the last 24 h) is left out, whoever holds it. Pure: the caller reads and writes.
 */
export function mergeFlows(input: MergeInput): MergeResult {
  const { stored } = input;
  const retired = mergeTombstones(input.mine.retired, stored.retired, input);
  const byId = new Map<string, PersistedFlow>();
  for (const flow of stored.flows) byId.set(flow.flowId, flow);
  for (const flow of input.mine.flows) {
    const theirs = byId.get(flow.flowId);
    byId.set(flow.flowId, theirs === undefined ? flow : preferredCopy(flow, theirs));
  }
  const flows = [...byId.values()]
    .filter((flow) => !Object.hasOwn(retired, flow.flowId))
    .sort(oldestFirst);
  return { value: { flows, retired }, dropped: stored.dropped };
}
