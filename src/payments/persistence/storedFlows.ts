import * as z from 'zod/mini';
import { describeIssues, safeIdSchema } from '../apiSchemas.js';
import { persistedFlowSchema, type PersistedFlow } from './flowRecord.js';

/** flowId → when the flow ended or was retired (epoch ms): see flowMerge.ts. */
export type Tombstones = Record<string, number>;

export const tombstonesSchema = z.record(safeIdSchema, z.number());

/** The flows part of what is stored, as a tab writes it. */
export interface PersistedFlows {
  flows: PersistedFlow[];
  /** From stored version 4: flows that finished, so no other tab's write brings them back. */
  retired: Tombstones;
}

export interface DroppedEntry {
  /** The whole list (nothing stored is read), one flow, or the tombstones. */
  what: 'list' | 'flow' | 'tombstones';
  flowId?: string;
  reason: string;
}

/** What storage holds, each flow checked (`readStored`). */
export type StoredFlows = PersistedFlows & { dropped: DroppedEntry[] };

const storedListSchema = z.object({
  flows: z.array(z.unknown()),
  retired: z.optional(z.unknown()),
});

/**
 * What a tab stored, each flow checked; anything unreadable is reported and left out. The one
 * reading of stored flows: the restore and the merge before each write both start from it.
 */
export function readStored(stored: unknown): StoredFlows {
  const empty = { flows: [], retired: {}, dropped: [] };
  if (stored === null || stored === undefined) return empty;
  const list = storedListSchema.safeParse(stored);
  if (!list.success) {
    return {
      ...empty,
      dropped: [{ what: 'list', reason: `stored flows: ${describeIssues(list.error)}` }],
    };
  }
  const dropped: DroppedEntry[] = [];
  const flows: PersistedFlow[] = [];
  for (const item of list.data.flows) {
    const parsed = persistedFlowSchema.safeParse(item);
    if (parsed.success) flows.push(parsed.data);
    else
      dropped.push({ what: 'flow', flowId: flowIdOf(item), reason: describeIssues(parsed.error) });
  }
  const retired = tombstonesSchema.safeParse(list.data.retired ?? {});
  if (!retired.success) {
    dropped.push({ what: 'tombstones', reason: `tombstones: ${describeIssues(retired.error)}` });
  }
  return { flows, retired: retired.data ?? {}, dropped };
}

function flowIdOf(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null || !('flowId' in item)) return undefined;
  return typeof item.flowId === 'string' ? item.flowId : undefined;
}
