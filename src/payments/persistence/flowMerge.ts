import type { Tombstones } from './storedFlows.js';

/** A tombstone outlives the server's 24 h idempotency window, after which no flow is resumed. */
export const TOMBSTONE_TTL_MS = 24 * 60 * 60 * 1000;
/** At most this many tombstones are stored (the most recent); about 60 bytes each. */
export const TOMBSTONE_LIMIT = 1_000;

/** Tombstones younger than the TTL, the most recent `TOMBSTONE_LIMIT` of them. */
export function liveTombstones(tombstones: Tombstones, now: number): Tombstones {
  const kept = Object.entries(tombstones).filter(([, at]) => now - at < TOMBSTONE_TTL_MS);
  kept.sort(([, a], [, b]) => b - a);
  return Object.fromEntries(kept.slice(0, TOMBSTONE_LIMIT));
}

/** Both tabs' tombstones and this tab's newly retired flows, the latest time of each, bounded. */
export function mergeTombstones(
  mine: Tombstones,
  theirs: Tombstones,
  input: { leftHere: readonly string[]; now: number },
): Tombstones {
  const all: Tombstones = { ...theirs };
  for (const [flowId, at] of Object.entries(mine)) all[flowId] = Math.max(at, all[flowId] ?? at);
  for (const flowId of input.leftHere) all[flowId] ??= input.now;
  return liveTombstones(all, input.now);
}
