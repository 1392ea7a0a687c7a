import { isDraft } from '@reduxjs/toolkit';
import {
  copyOfEntities,
  indexEntry,
  sameFlow,
  type FlowBucket,
  type PaymentFlowsState,
} from './flowState.js';
import { applyStatusUpdate } from './flowTransitions.js';
import { deepFreeze, peekLeaf, peekOwn, setLeaves, type HashTrie } from './hashTrie.js';
import type { PaymentFlow, PaymentStatusUpdate } from './types.js';

interface Touched {
  /** The flow's leaf of `flows` as the burst found it. */
  bucket: FlowBucket;
  before: PaymentFlow;
  /** A plain copy the burst's updates change, or the flow's own draft (see `touch`). */
  flow: PaymentFlow;
}

/**
 * Applies a burst of server updates in their order. Each flow the burst names is found once
 * without drafting and changed as a plain copy; then each leaf of `flows` holding a changed
 * flow is replaced once, so Immer drafts only the levels above the leaves. As drafts, every
 * update paid a proxy on each read and write of its flow, and every flow drafted its leaf and
 * the leaf's entities. A status never relinks a payment: one lookup per payment holds.
 */
export function applyStatusUpdates(
  state: PaymentFlowsState,
  updates: readonly PaymentStatusUpdate[],
  at: number,
): void {
  const touched = new Map<string, Touched | undefined>();
  const flows = peekField(state, 'flows');
  const flowIdByPaymentId = peekField(state, 'flowIdByPaymentId');
  const findFlow = (paymentId: string) => {
    if (!touched.has(paymentId)) {
      const flowId = indexEntry(flowIdByPaymentId, paymentId);
      touched.set(paymentId, flowId === undefined ? undefined : touch(flows, flowId));
    }
    return touched.get(paymentId)?.flow;
  };
  for (const update of updates) applyStatusUpdate(state, update, at, findFlow);
  const changedByBucket = new Map<FlowBucket, PaymentFlow[]>();
  for (const entry of touched.values()) {
    if (entry === undefined || entry.flow === entry.before || sameFlow(entry.before, entry.flow)) {
      continue;
    }
    const changed = changedByBucket.get(entry.bucket);
    if (changed) changed.push(entry.flow);
    else changedByBucket.set(entry.bucket, [entry.flow]);
  }
  const buckets = new Map<string, FlowBucket>();
  for (const [bucket, changed] of changedByBucket) {
    const next = bucketWith(bucket, changed);
    // Keyed by any of its flows: they all hash to its path.
    if (next) buckets.set(next.ids[0] ?? '', next);
  }
  if (buckets.size > 0) setLeaves(state.flows, buckets);
}

/**
 * The payment's flow, ready to change. A flow already drafted (an earlier action of the same
 * Immer pass) is changed in place. The copy shares the frozen history, which a transition
 * replaces (see `transitionFlow`): most updates of a burst only raise the seq.
 */
function touch(flows: HashTrie<FlowBucket>, flowId: string): Touched | undefined {
  const bucket = peekLeaf(flows, flowId);
  const before = bucket && peekOwn(bucket.entities, flowId);
  if (bucket === undefined || before === undefined) return undefined;
  if (isDraft(before)) return { bucket, before, flow: before };
  return { bucket, before, flow: { ...before } };
}

/**
 * A new leaf with the changed flows, deep-frozen if the one it replaces was (as Immer would
 * freeze it, and then not walk it again). A leaf already drafted by an earlier action of the same
 * Immer pass is changed in place instead.
 */
function bucketWith(bucket: FlowBucket, changed: readonly PaymentFlow[]): FlowBucket | undefined {
  const entities = isDraft(bucket) ? bucket.entities : copyOfEntities(bucket);
  for (const flow of changed) entities[flow.flowId] = flow;
  if (isDraft(bucket)) return undefined;
  const next = { ...bucket, entities };
  if (Object.isFrozen(bucket)) {
    // The rest of the leaf was frozen with it: only what the burst made is walked.
    for (const flow of changed) deepFreeze(flow);
    Object.freeze(entities);
    Object.freeze(next);
  }
  return next;
}

/** A field of the state, read without drafting it (see `peekOwn`). */
function peekField<K extends keyof PaymentFlowsState>(
  state: PaymentFlowsState,
  key: K,
): PaymentFlowsState[K] {
  return Object.getOwnPropertyDescriptor(state, key)?.value as PaymentFlowsState[K];
}
