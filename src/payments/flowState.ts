import { createEntityAdapter, createNextState, isDraft, type EntityState } from '@reduxjs/toolkit';
import {
  deepFreeze,
  freezeTrie,
  deleteLeaf,
  emptyLevel,
  hashTableObject,
  leafOf,
  leavesOf,
  peekLeaf,
  peekOwn,
  setLeaf,
  setLeafCopying,
  writableChild,
  type HashTrie,
} from './hashTrie.js';
import { isTerminal } from './statusMachine.js';
import type { BookingDraft, PaymentFlow } from './types.js';

export interface FlowWarning {
  flowId: string;
  message: string;
  at: number;
}

/** Counters a developer reads in DevTools to see what the store refused, and why. */
export interface FlowDiagnostics {
  /** Server updates whose seq was not above the flow's: duplicates or out of order. */
  staleUpdatesIgnored: number;
  /** Server updates for a payment no flow is linked to. */
  unknownUpdatesIgnored: number;
  /** flowStarted for a draft that already has an active flow (a double click). */
  duplicateStartsIgnored: number;
  illegalTransitions: number;
  /** The most recent refusals, newest last. */
  warnings: FlowWarning[];
}

/** The flows whose ids share a leaf of `flows`, as an entity-adapter state. */
export type FlowBucket = EntityState<PaymentFlow, string>;

/**
 * The keys of one index leaf and their flows, in pairs: `[key, flowId, key, flowId, …]`, almost
 * always one pair. An array, not an object keyed by the key: every object keyed by its own id
 * gets a hidden class of its own in V8, which made each new leaf cost ~2 µs to build and freeze
 * (a third of a restore's freezing); arrays of strings all share one.
 */
export type IndexLeaf = readonly string[];

/** Server or draft key → flowId. */
export type FlowIndex = HashTrie<IndexLeaf>;

/**
 * Flows and indexes are hash tries (see hashTrie.ts): one flow's change copies a few arrays of
 * 16 slots, never every flow held, so the cost of an action does not grow with their number. In
 * DevTools, flow `f` is at `flows[p[0]][p[1]][p[2]].entities[f]`, with `p = leafPathOf(f)`; the
 * selectors find it for you.
 */
export interface PaymentFlowsState {
  flows: HashTrie<FlowBucket>;
  flowIdByBookingId: FlowIndex;
  flowIdByPaymentId: FlowIndex;
  /** Active flows only: one active flow per booking draft is how a double click is absorbed. */
  flowIdByDraftKey: FlowIndex;
  diagnostics: FlowDiagnostics;
}

export const flowsAdapter = createEntityAdapter({
  selectId: (flow: PaymentFlow) => flow.flowId,
});

export function draftKey(draft: BookingDraft): string {
  return `${draft.resourceId}|${draft.start}|${draft.durationMinutes}|${draft.bookingType}`;
}

/**
 * A record's own entry for a key that came from outside (a URL, storage, the server): `__proto__`
 * or `constructor` must find nothing, not Object.prototype.
 */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Every flowId an index names: one walk of it, for a caller that would look up each flow. */
export function indexedFlowIds(index: FlowIndex): Set<string> {
  const flowIds = new Set<string>();
  for (const leaf of leavesOf(index)) {
    for (let at = 1; at < leaf.length; at += 2) flowIds.add(leaf[at] ?? '');
  }
  return flowIds;
}

/**
 * The entries already found in each frozen index. A status event's payment is looked up three
 * times (the socket saga, the reducer, the action pass), and at 10,000 flows each walk of the trie
 * mostly waits on memory: four objects that fell out of the cache since the last event. A frozen
 * index never changes, and a new link makes a new one, so what was found in it stays true. Only
 * keys that were found are kept: unknown ids from the server cannot grow it.
 */
const foundInIndex = new WeakMap<FlowIndex, Map<string, string>>();

export function indexEntry(index: FlowIndex, key: string): string | undefined {
  if (!Object.isFrozen(index)) return walkIndex(index, key);
  let found = foundInIndex.get(index);
  const known = found?.get(key);
  if (known !== undefined) return known;
  const entry = walkIndex(index, key);
  if (entry !== undefined) {
    if (found === undefined) {
      found = new Map();
      foundInIndex.set(index, found);
    }
    found.set(key, entry);
  }
  return entry;
}

function walkIndex(index: FlowIndex, key: string): string | undefined {
  const leaf = peekLeaf(index, key);
  const at = leaf === undefined ? -1 : pairOf(leaf, key);
  return at === -1 ? undefined : leaf?.[at + 1];
}

/** Where the key's pair starts in the leaf, or -1. */
function pairOf(leaf: IndexLeaf, key: string): number {
  for (let at = 0; at < leaf.length; at += 2) if (leaf[at] === key) return at;
  return -1;
}

/** Inside a reducer, the path to the entry is copied, not drafted (see `putLeaf`). */
export function setIndexEntry(index: FlowIndex, key: string, flowId: string): void {
  const leaf = peekLeaf(index, key) ?? [];
  const at = pairOf(leaf, key);
  // Already so (a mirrored copy relinks its ids): nothing is copied, as Immer would keep it.
  if (at !== -1 && leaf[at + 1] === flowId) return;
  const next = [...leaf];
  if (at === -1) next.push(key, flowId);
  else next[at + 1] = flowId;
  putLeaf<IndexLeaf>(index, key, next);
}

/**
 * Puts a plain leaf at the key's path. In a reducer, the levels above it are copied as plain
 * objects, frozen as Immer would freeze them (`setLeafCopying`): Immer drafts only the trie's
 * top object, and neither copies each level to read it nor walks the copies to finalize and
 * freeze them.
 */
function putLeaf<Leaf>(trie: HashTrie<Leaf>, key: string, leaf: Leaf): void {
  if (isDraft(trie)) setLeafCopying(trie, key, leaf);
  else setLeaf(trie, key, leaf);
}

/** Removes the entry only while it still points at `flowId`; an emptied leaf goes too. */
export function deleteIndexEntry(index: FlowIndex, key: string, flowId: string): void {
  const leaf = peekLeaf(index, key);
  const at = leaf === undefined ? -1 : pairOf(leaf, key);
  if (leaf === undefined || at === -1 || leaf[at + 1] !== flowId) return;
  if (leaf.length === 2) deleteLeaf(index, key);
  else putLeaf<IndexLeaf>(index, key, [...leaf.slice(0, at), ...leaf.slice(at + 2)]);
}

/**
 * The active flow of `flow`'s booking draft, when that is another flow: `flow` is then a second
 * flow for the draft, kept beside the draft's flow by a restore.
 */
export function draftFlowBeside(state: PaymentFlowsState, flow: PaymentFlow): string | undefined {
  const draftFlowId = indexEntry(state.flowIdByDraftKey, draftKey(flow.booking));
  return draftFlowId === flow.flowId ? undefined : draftFlowId;
}

/**
 * Whether `flow` outlived `draftFlowId`, the draft's flow it was a second flow beside: that flow
 * ended (if still held, it is finished, and for the same draft), and the draft index, which holds
 * active flows only, names no flow for the draft any more.
 */
export function outlivedDraftFlow(
  state: PaymentFlowsState,
  flow: PaymentFlow,
  draftFlowId: string,
): boolean {
  const key = draftKey(flow.booking);
  if (draftFlowId === flow.flowId || indexEntry(state.flowIdByDraftKey, key) !== undefined) {
    return false;
  }
  const draftFlow = peekFlow(state, draftFlowId);
  return draftFlow === undefined || (isTerminal(draftFlow) && draftKey(draftFlow.booking) === key);
}

/** The flow, as a draft inside a reducer: for changing it. */
export function flowByIdIn(state: PaymentFlowsState, flowId: string): PaymentFlow | undefined {
  const bucket = leafOf(state.flows, flowId);
  if (bucket === undefined) return undefined;
  if (isDraft(bucket) || !isDraft(state)) return ownEntry(bucket.entities, flowId);
  // A leaf a copy path of the same pass put in, copied by `leafOf`: its flow is copied too.
  const entities = writableChild(
    bucket as unknown as Record<string, FlowBucket['entities']>,
    'entities',
  );
  return entities && writableChild(entities, flowId);
}

/** The flow, for reading only: inside a reducer, nothing is drafted (see `peekOwn`). */
export function peekFlow(state: PaymentFlowsState, flowId: string): PaymentFlow | undefined {
  const bucket = peekLeaf(state.flows, flowId);
  const entities = bucket && entitiesOf(bucket);
  return entities && peekOwn(entities, flowId);
}

/** A bucket's entities, for reading only (see `peekOwn`). */
const entitiesOf = (bucket: FlowBucket): FlowBucket['entities'] | undefined =>
  Object.getOwnPropertyDescriptor(bucket, 'entities')?.value as FlowBucket['entities'] | undefined;

/**
 * The bucket's entities (none without a bucket), copied into an object V8 keeps as a hash table,
 * for every copy path (one flow's, a status burst's). Keyed by flow ids, each
 * entities object has keys of its own: spread, each needs hidden classes of its own, and past
 * ~1,500 of them V8 no longer caches the transitions. The adapter keeps `ids` and the keys alike.
 */
export function copyOfEntities(bucket: FlowBucket | undefined): Record<string, PaymentFlow> {
  const entities = hashTableObject<PaymentFlow>();
  for (const flowId of bucket?.ids ?? []) {
    const flow = bucket && peekOwn(bucket.entities, flowId);
    if (flow !== undefined) entities[flowId] = flow;
  }
  return entities;
}

/** What Immer would call unchanged: the same keys with the same values. */
export function sameFlow(before: PaymentFlow, after: PaymentFlow): boolean {
  // What nearly every applied update changes, first: the full check allocates.
  if (
    !Object.is(before.updatedAt, after.updatedAt) ||
    !Object.is(before.serverSeq, after.serverSeq)
  ) {
    return false;
  }
  const keys = Object.keys(after) as (keyof PaymentFlow)[];
  if (keys.length !== Object.keys(before).length) return false;
  return keys.every((key) => Object.hasOwn(before, key) && Object.is(before[key], after[key]));
}

/**
 * Puts a new version of a flow already in the state, built outside the state's draft (a plain
 * object): its bucket is copied with it, not drafted (see `putLeaf`).
 */
export function replaceFlow(state: PaymentFlowsState, flow: PaymentFlow): void {
  const bucket = peekLeaf(state.flows, flow.flowId);
  if (bucket === undefined) return;
  if (isDraft(bucket)) {
    bucket.entities[flow.flowId] = flow;
    return;
  }
  const entities = copyOfEntities(bucket);
  entities[flow.flowId] = flow;
  putLeaf(state.flows, flow.flowId, { ids: bucket.ids, entities });
}

/**
 * Adds a flow, as the adapter's `addOne` does (a flowId already held keeps its flow). Its bucket
 * is copied with it, not drafted (see `putLeaf`).
 */
export function addFlow(state: PaymentFlowsState, flow: PaymentFlow): void {
  const bucket = peekLeaf(state.flows, flow.flowId);
  if (bucket !== undefined && isDraft(bucket)) {
    setLeaf(state.flows, flow.flowId, flowsAdapter.addOne(bucket, flow));
    return;
  }
  if (bucket !== undefined && ownEntry(bucket.entities, flow.flowId) !== undefined) return;
  const entities = copyOfEntities(bucket);
  entities[flow.flowId] = flow;
  putLeaf(state.flows, flow.flowId, { ids: [...(bucket?.ids ?? []), flow.flowId], entities });
}

export function removeFlows(state: PaymentFlowsState, flowIds: readonly string[]): void {
  for (const flowId of flowIds) {
    const bucket = leafOf(state.flows, flowId);
    if (bucket === undefined) continue;
    const left = flowsAdapter.removeOne(bucket, flowId);
    if (left.ids.length === 0) deleteLeaf(state.flows, flowId);
    else setLeaf(state.flows, flowId, left);
  }
}

/** Oldest first, by creation time, then id: the order of a list of flows, shown or stored. */
export const oldestFirst = (
  a: Pick<PaymentFlow, 'createdAt' | 'flowId'>,
  b: Pick<PaymentFlow, 'createdAt' | 'flowId'>,
): number => a.createdAt - b.createdAt || (a.flowId < b.flowId ? -1 : a.flowId > b.flowId ? 1 : 0);

/** Every flow, `oldestFirst`: the order a list shows them in. */
export function allFlowsIn(flows: HashTrie<FlowBucket>): PaymentFlow[] {
  return flowsIn(flows).sort(oldestFirst);
}

/** Every flow, in no order: for a caller that orders them itself, or needs no order. */
export function flowsIn(flows: HashTrie<FlowBucket>): PaymentFlow[] {
  const all: PaymentFlow[] = [];
  for (const bucket of leavesOf(flows)) {
    for (const flowId of bucket.ids) {
      const flow = bucket.entities[flowId];
      if (flow) all.push(flow);
    }
  }
  return all;
}

/**
 * A state holding `flows`, with every index derived from them: what the reducers keep up one
 * action at a time (the booking and payment of every flow, the draft of every active one). Built
 * as plain objects and frozen once at the end: drafting the build with Immer cost ~150 ms for
 * 1,000 flows (a proxy per level touched, then a walk of every new flow to finalize it). A flowId
 * listed twice keeps its first flow, as the adapter's `addOne` does, and indexes only that one.
 */
export function stateWithFlows(
  diagnostics: FlowDiagnostics,
  flows: Iterable<PaymentFlow>,
): PaymentFlowsState {
  const state: PaymentFlowsState = {
    flows: emptyLevel(),
    flowIdByBookingId: emptyLevel(),
    flowIdByPaymentId: emptyLevel(),
    flowIdByDraftKey: emptyLevel(),
    diagnostics,
  };
  for (const flow of flows) {
    const { flowId } = flow;
    const bucket = leafOf(state.flows, flowId);
    if (bucket === undefined) {
      // Not `{ [flowId]: flow }`: a literal keyed by an id takes a hidden class of its own, which
      // cost ~2 µs a flow (see `copyOfEntities`).
      const entities = hashTableObject<PaymentFlow>();
      entities[flowId] = flow;
      setLeaf(state.flows, flowId, { ids: [flowId], entities });
    } else if (ownEntry(bucket.entities, flowId) === undefined) {
      bucket.ids.push(flowId);
      bucket.entities[flowId] = flow;
    } else {
      continue;
    }
    if (flow.bookingId) setIndexEntry(state.flowIdByBookingId, flow.bookingId, flowId);
    if (flow.paymentId) setIndexEntry(state.flowIdByPaymentId, flow.paymentId, flowId);
    if (!isTerminal(flow)) setIndexEntry(state.flowIdByDraftKey, draftKey(flow.booking), flowId);
  }
  if (immerWouldFreeze()) freezeFlowsState(state);
  return state;
}

/** `deepFreeze` for a state built here, level by level (see `freezeTrie`). */
function freezeFlowsState(state: PaymentFlowsState): void {
  freezeTrie(state.flows, (bucket) => {
    for (const flowId of bucket.ids) deepFreeze(bucket.entities[flowId]);
    Object.freeze(bucket.ids);
    Object.freeze(bucket.entities);
    Object.freeze(bucket);
  });
  for (const index of [state.flowIdByBookingId, state.flowIdByPaymentId, state.flowIdByDraftKey]) {
    freezeTrie(index, Object.freeze);
  }
  deepFreeze(state.diagnostics);
  Object.freeze(state);
}

/**
 * Whether Immer freezes a result here: auto-freeze is the host's setting and has no getter, and
 * inside a reducer the reducer's own pass freezes what it returns. A pass that changes nothing
 * freezes its base exactly when Immer would freeze this state.
 */
const immerWouldFreeze = (): boolean => Object.isFrozen(createNextState({}, () => undefined));
