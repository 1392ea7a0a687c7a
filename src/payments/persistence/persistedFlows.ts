import { createTransform, type PersistedState } from 'redux-persist';
import type { TrieLevel } from '../hashTrie.js';
import {
  allFlowsIn,
  draftKey,
  flowByIdIn,
  indexEntry,
  type FlowBucket,
  oldestFirst,
  stateWithFlows,
  type PaymentFlowsState,
} from '../flowState.js';
import { initialFlowsState } from '../paymentFlowsSlice.js';
import { isTerminal } from '../statusMachine.js';
import { HISTORY_LIMIT } from '../flowTransitions.js';
import type { PaymentFlow } from '../types.js';
import type { Logger } from '../logger.js';
import { progressOf, toPersistedFlow, type PersistedFlow } from './flowRecord.js';
import {
  readStored,
  type PersistedFlows,
  type StoredFlows,
  type Tombstones,
} from './storedFlows.js';

/**
 * Flows still in progress are kept; a finished flow has nothing to resume and is written as a
 * tombstone (its end time), so another tab's copy of it is dropped when that tab writes.
 */
export function persistFlows(state: PaymentFlowsState): PersistedFlows {
  const flows: PersistedFlow[] = [];
  const retired: Tombstones = {};
  // Unordered: the merge before each write orders what it writes (sorting 10,000 flows here too
  // cost ~5-15 ms a write).
  for (const middle of state.flows) {
    for (const level of middle ?? []) {
      if (level === null) continue;
      const part = persistedPartOf(level);
      for (const flow of part.flows) flows.push(flow);
      for (const [flowId, at] of part.retired) retired[flowId] = at;
    }
  }
  return { flows, retired };
}

interface PersistedPart {
  flows: PersistedFlow[];
  retired: [string, number][];
}

/**
 * What is written of one of the trie's 256 lowest levels. A level no action changed is the same
 * object (Immer's structural sharing), so its part is too: a write after one flow changed redoes
 * one level's ~40 flows at 10,000, not every flow.
 */
const persistedParts = new WeakMap<TrieLevel<FlowBucket>, PersistedPart>();

function persistedPartOf(level: TrieLevel<FlowBucket>): PersistedPart {
  let part = persistedParts.get(level);
  if (part !== undefined) return part;
  part = { flows: [], retired: [] };
  for (const bucket of level) {
    if (bucket === null) continue;
    for (const flowId of bucket.ids) {
      const flow = bucket.entities[flowId];
      if (flow === undefined) continue;
      if (isTerminal(flow)) part.retired.push([flowId, flow.updatedAt]);
      else part.flows.push(persistedFormOf(flow));
    }
  }
  persistedParts.set(level, part);
  return part;
}

/**
 * A flow in the state never changes (a change makes a new one), so neither does what of it is
 * written: the same object each write, whose text the storage keeps (see storedText.ts).
 */
const persistedForms = new WeakMap<PaymentFlow, PersistedFlow>();

function persistedFormOf(flow: PaymentFlow): PersistedFlow {
  let persisted = persistedForms.get(flow);
  if (persisted === undefined) {
    persisted = toPersistedFlow(flow);
    persistedForms.set(flow, persisted);
  }
  return persisted;
}

/** Flows the restore read and kept in a copy (a history over the limit, trimmed). */
const restoredChanged = new WeakSet<PersistedFlow>();

/**
 * What the restore made of a flow it read: kept as read (storage holds it as the state does),
 * kept changed (written again by the next write), or left out (finished, retired elsewhere, a
 * second draft for a booking): one check per flow, without looking each up in the state.
 */
export function restoredFateOf(read: PersistedFlow): 'asRead' | 'changed' | 'left' {
  if (persistedForms.get(read) === read) return 'asRead';
  return restoredChanged.has(read) ? 'changed' : 'left';
}

/** Rebuilds the slice, indexes included, from what was stored; an invalid flow is dropped. */
export function restoreFlows(stored: unknown, logger: Logger): PaymentFlowsState {
  return flowsStateFrom(readForRestore(stored), logger);
}

/**
 * `readStored`, where nothing at all (null) is not the expected shape either: the merge reads
 * it as no flows, the restore reports it, as it always has.
 */
function readForRestore(stored: unknown): StoredFlows {
  const read = readStored(stored);
  if (stored !== null && stored !== undefined) return read;
  return { ...read, dropped: [{ what: 'list', reason: 'stored flows: none' }] };
}

/** `restoreFlows` from what `readStored` made of the stored flows. */
function flowsStateFrom(stored: StoredFlows, logger: Logger): PaymentFlowsState {
  for (const { what, flowId, reason } of stored.dropped) {
    if (what === 'list') {
      logger.error('stored flows are not in the expected shape; starting without them', {
        reason,
      });
    } else if (what === 'flow') {
      logger.warn('dropped a stored flow that does not parse', { flowId, reason });
    }
    // Unreadable tombstones are ignored: they only keep flows retired elsewhere out.
  }
  const byDraft = new Map<string, PaymentFlow>();
  /** Flows kept in a copy (a history trimmed), and what was read of each. */
  const trimmedFrom = new Map<PaymentFlow, PersistedFlow>();
  /** Active flows kept beside their draft's flow (see below). */
  const besideDraftFlow: PaymentFlow[] = [];
  // A flowId listed twice keeps its first flow (see `stateWithFlows`), before any sorting.
  const firstOfEach = new Map<string, PersistedFlow>();
  for (const read of stored.flows) {
    if (!firstOfEach.has(read.flowId)) firstOfEach.set(read.flowId, read);
  }
  // Built in creation order, as the reducers built it, whatever order they were stored in (the
  // merge stores them in this order: sorting them again costs one pass).
  for (const read of [...firstOfEach.values()].sort(oldestFirst)) {
    // A finished flow has nothing to resume; older versions may have stored one.
    if (isTerminal(read)) continue;
    // Flows retired in another tab, in case one is still listed.
    if (Object.hasOwn(stored.retired, read.flowId)) continue;
    // What was read stays as read (the merge before the next write may start from it): a history
    // over the limit is trimmed in a copy.
    const flow: PaymentFlow =
      read.history.length > HISTORY_LIMIT
        ? { ...read, history: read.history.slice(-HISTORY_LIMIT) }
        : read;
    if (flow !== read) trimmedFrom.set(flow, read);
    const key = draftKey(flow.booking);
    const other = byDraft.get(key);
    if (other === undefined) {
      byDraft.set(key, flow);
      continue;
    }
    // One active flow per draft, as when it was started; two come from tabs that each confirmed
    // before either saw the other (or a damaged store). The one further along is the draft's.
    const [kept, second] = furtherAlong(flow, other) ? [flow, other] : [other, flow];
    byDraft.set(key, kept);
    if (second.status === 'draft') {
      // It asked nothing of the server: dropped, as a second Confirm would have been.
      logger.warn('dropped a stored flow: another flow for the same booking draft is kept', {
        flowId: second.flowId,
        keptFlowId: kept.flowId,
      });
      continue;
    }
    // Dropped, nothing would release the booking it may hold, or follow a payment under way in
    // it: it stays, and the sagas settle it (`cancelSecondFlows`).
    besideDraftFlow.push(second);
    logger.warn(
      'two stored flows under way for one booking draft: both kept, the second is cancelled unless its payment is under way',
      {
        flowId: second.flowId,
        keptFlowId: kept.flowId,
        bookingId: second.bookingId,
        keptBookingId: kept.bookingId,
      },
    );
  }
  // The draft's own flows last: the draft index holds the last active flow built for a draft.
  const kept = [...besideDraftFlow, ...byDraft.values()];
  for (const flow of kept) {
    const read = trimmedFrom.get(flow);
    // Unchanged, it is written as it was read: the storage then knows it holds it already.
    if (read === undefined) persistedForms.set(flow, flow);
    else restoredChanged.add(read);
  }
  return stateWithFlows(initialFlowsState.diagnostics, kept);
}

/**
 * Of two active flows for one draft, whether `flow` goes before `other`: the further on the
 * server's side, then one that asked the server anything over one that did not, then the older
 * (the first confirmed); a tie keeps `other`.
 */
function furtherAlong(flow: PaymentFlow, other: PaymentFlow): boolean {
  const asked = (candidate: PaymentFlow) => (candidate.status === 'draft' ? 0 : 1);
  const order =
    progressOf(flow) - progressOf(other) ||
    asked(flow) - asked(other) ||
    other.createdAt - flow.createdAt;
  return order > 0;
}

/**
 * Writing only. Reading keeps the stored shape: redux-persist runs transforms before
 * migrations, and migrations must see what was stored; `restorePersistedState` runs after them.
 */
export const flowsTransform = createTransform<PaymentFlowsState, PersistedFlows>(
  (state) => persistFlows(state),
  // Still the stored shape here: restorePersistedState makes it the slice after migrating.
  (stored) => stored as unknown as PaymentFlowsState,
  { whitelist: ['paymentFlows'] },
);

/**
 * The migrated stored state, with its flows made into the slice again. `onRead` is told what the
 * stored flows read as (the merging storage starts its first merge from it).
 */
export function restorePersistedState(
  state: NonNullable<PersistedState>,
  logger: Logger,
  onRead?: (storedFlows: unknown, read: StoredFlows) => void,
): PersistedState {
  const stored: NonNullable<PersistedState> & { paymentFlows?: unknown } = state;
  if (stored.paymentFlows === undefined) return state;
  const read = readForRestore(stored.paymentFlows);
  onRead?.(stored.paymentFlows, read);
  return { ...stored, paymentFlows: flowsStateFrom(read, logger) } as PersistedState;
}

/**
 * The restored flows, plus those the store took in before they were back (a `flowStarted`
 * dispatched as the store was created). Such a flow has asked nothing of the server yet: the
 * sagas wait for the restore. One for a booking draft a restored flow is already under way for
 * gives way to it, as a second Confirm would. After a late REHYDRATE (a second `persist()`) a
 * flow of the store may be under way: it stays beside the restored one, as two stored ones do
 * (`restoreFlows`), and the further along of them is the draft's flow.
 */
function withFlowsStartedMeanwhile(
  restored: PaymentFlowsState,
  live: PaymentFlowsState,
): PaymentFlowsState {
  const liveFlows = allFlowsIn(live.flows);
  if (liveFlows.length === 0) return restored;
  const kept = allFlowsIn(restored.flows);
  const ids = new Set(kept.map((flow) => flow.flowId));
  /** Each draft's flow where a flow of the store is further along than the restored one. */
  const overtaken = new Map<string, string>();
  const restoredDraftFlowId = (key: string) =>
    overtaken.get(key) ?? indexEntry(restored.flowIdByDraftKey, key);
  for (const flow of liveFlows) {
    if (ids.has(flow.flowId)) continue;
    const key = draftKey(flow.booking);
    const draftFlowId = isTerminal(flow) ? undefined : restoredDraftFlowId(key);
    const draftFlow = draftFlowId === undefined ? undefined : flowByIdIn(restored, draftFlowId);
    if (draftFlow !== undefined) {
      if (flow.status === 'draft') continue;
      if (furtherAlong(flow, draftFlow)) overtaken.set(key, flow.flowId);
    }
    kept.push(flow);
  }
  // Each draft's own flow last: the draft index holds the last active flow built for a draft.
  // A draft the restore brought nothing for keeps the store's own (beside which another may
  // stay since an earlier late REHYDRATE).
  const isDraftFlow = (flow: PaymentFlow) => {
    const key = draftKey(flow.booking);
    const draftFlowId = restoredDraftFlowId(key) ?? indexEntry(live.flowIdByDraftKey, key);
    return isTerminal(flow) || (draftFlowId ?? flow.flowId) === flow.flowId;
  };
  return stateWithFlows(live.diagnostics, [
    ...kept.filter((flow) => !isDraftFlow(flow)),
    ...kept.filter(isDraftFlow),
  ]);
}

/**
 * redux-persist's default merge (autoMergeLevel1: each restored key the reducers left alone
 * replaces the state's), except for the flows: those started before the restore stay beside
 * the restored ones, where the default would drop them without a word. The live store and a
 * DevTools replay of a REHYDRATE both merge through here.
 */
export function reconcileRestored<S extends object>(inbound: unknown, original: S, reduced: S): S {
  if (typeof inbound !== 'object' || inbound === null) return reduced;
  const before = original as Record<string, unknown>;
  const after = reduced as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...after };
  for (const [name, value] of Object.entries(inbound)) {
    if (name === '_persist' || before[name] !== after[name]) continue;
    const live = after[name] as PaymentFlowsState | undefined;
    merged[name] =
      name === 'paymentFlows' && value !== undefined && live !== undefined
        ? withFlowsStartedMeanwhile(value as PaymentFlowsState, live)
        : value;
  }
  return merged as S;
}
