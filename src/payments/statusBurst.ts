import { isDraft } from '@reduxjs/toolkit';
import { deepFreeze, indexEntry, type FlowBucket, type PaymentFlowsState } from './flowState.js';
import { applyStatusUpdate } from './flowTransitions.js';
import { leafOf, peekLeaf, peekOwn, type HashTrie } from './hashTrie.js';
import type { PaymentFlow, PaymentStatusUpdate } from './types.js';

interface Touched {
  before: PaymentFlow;
  /** A plain copy the burst's updates change, or the flow's own draft (see `touch`). */
  flow: PaymentFlow;
}

/**
 * Applies a burst of server updates in their order. Each flow the burst names is found once
 * without drafting, changed as a plain copy, and stored once if it changed: as a draft, every
 * update paid Immer's proxy on each read and write of the flow. A status never relinks a
 * payment, so one lookup per payment holds for the whole burst.
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
  for (const entry of touched.values()) {
    if (entry === undefined || entry.flow === entry.before || sameFlow(entry.before, entry.flow)) {
      continue;
    }
    // Immer would freeze the copy if it froze the flow it replaces; frozen, it is not walked.
    if (Object.isFrozen(entry.before)) deepFreeze(entry.flow);
    const bucket = leafOf(state.flows, entry.flow.flowId);
    if (bucket) bucket.entities[entry.flow.flowId] = entry.flow;
  }
}

/**
 * The payment's flow, ready to change. A flow already drafted (an earlier action of the same
 * Immer pass) is changed in place; the copy's history is its own, the rest is replaced whole.
 */
function touch(flows: HashTrie<FlowBucket>, flowId: string): Touched | undefined {
  const bucket = peekLeaf(flows, flowId);
  const before = bucket && peekOwn(bucket.entities, flowId);
  if (before === undefined) return undefined;
  if (isDraft(before)) return { before, flow: before };
  return { before, flow: { ...before, history: [...before.history] } };
}

/** What Immer would call unchanged: the same keys with the same values (history by entry). */
function sameFlow(before: PaymentFlow, after: PaymentFlow): boolean {
  const keys = Object.keys(after) as (keyof PaymentFlow)[];
  if (keys.length !== Object.keys(before).length) return false;
  return keys.every((key) =>
    key === 'history'
      ? before.history.length === after.history.length &&
        before.history.every((entry, index) => entry === after.history[index])
      : Object.hasOwn(before, key) && Object.is(before[key], after[key]),
  );
}

/** A field of the state, read without drafting it (see `peekOwn`). */
function peekField<K extends keyof PaymentFlowsState>(
  state: PaymentFlowsState,
  key: K,
): PaymentFlowsState[K] {
  return Object.getOwnPropertyDescriptor(state, key)?.value as PaymentFlowsState[K];
}
