import {
  draftKey,
  flowByIdIn,
  indexEntry,
  type FlowIndex,
  type PaymentFlowsState,
} from '../../src/payments/flowState';
import { leafPathOf, leavesOf, type HashTrie } from '../../src/payments/hashTrie';
import { HISTORY_LIMIT } from '../../src/payments/flowTransitions';
import {
  isTerminal,
  legalTargets,
  MAX_PAYMENT_ATTEMPTS,
  type FlowStatus,
} from '../../src/payments/statusMachine';
import type { PaymentFlow } from '../../src/payments/types';

/** What must hold after every step, whatever the sequence; a description of the first breach. */
export function breach(before: PaymentFlowsState, after: PaymentFlowsState): string | undefined {
  const layout = bucketBreach(after);
  if (layout) return layout;
  for (const bucket of leavesOf(after.flows))
    for (const id of bucket.ids) {
      const flow = bucket.entities[id];
      if (!flow || flow.flowId !== id) return `ids and entities disagree on ${id}`;
      if (flow.attempt > MAX_PAYMENT_ATTEMPTS) return `${id} made attempt ${flow.attempt}`;
      if (flow.history.length > HISTORY_LIMIT) return `${id} history has ${flow.history.length}`;
      const step = flow.history.at(-1);
      if (step && !legalTargets(step.from).includes(step.to)) {
        return `${id} moved ${step.from} -> ${step.to}`;
      }
      if (flow.bookingId && indexEntry(after.flowIdByBookingId, flow.bookingId) !== id) {
        return `${id}'s booking is not indexed to it`;
      }
      if (flow.paymentId && indexEntry(after.flowIdByPaymentId, flow.paymentId) !== id) {
        return `${id}'s payment is not indexed to it`;
      }
      if (besideDraftFlow(after, flow) && besideDraftFlow(before, flowByIdIn(before, id))) {
        if (!SECOND_FLOW_STATUSES.has(flow.status)) {
          return `active ${id} stays beside its draft's flow in ${flow.status}`;
        }
      }
      const previous = flowByIdIn(before, id);
      if (previous && isTerminal(previous) && previous !== flow) return `terminal ${id} changed`;
      if (previous && flow.serverSeq < previous.serverSeq) return `${id}'s serverSeq went down`;
    }
  const indexes = [after.flowIdByBookingId, after.flowIdByPaymentId, after.flowIdByDraftKey];
  for (const index of indexes) {
    for (const [key, id] of indexEntries(index)) {
      const flow = flowByIdIn(after, id);
      if (!flow) return `index key ${key} points at missing flow ${id}`;
      const own = [flow.bookingId, flow.paymentId, isTerminal(flow) ? '' : draftKey(flow.booking)];
      if (!own.includes(key)) return `index key ${key} points at ${id}, which is not its flow`;
    }
  }
  return undefined;
}

/**
 * Where a flow kept beside its booking draft's flow may stay: a restore keeps both of two active
 * flows for one draft (two tabs each confirmed it), and the resume cancels the one that is not
 * the draft's flow, or leaves it to settle while its payment may be moving (`cancelSecondFlows`),
 * and cancels it once it stops without succeeding (`secondFlowsStoppedSettling`), also after the
 * draft's flow has ended (the draft index then names neither).
 * Only the server ends either. The step that brings it may leave it as stored; once the sagas
 * have had their turn, a second flow in any other status (one waiting for a user who is shown the
 * draft's flow, or asking for a booking) is a breach.
 */
const SECOND_FLOW_STATUSES: ReadonlySet<FlowStatus> = new Set([
  'cancelling',
  'confirmingPayment',
  'processing',
  'reconciling',
]);

/** Whether `flow` is active and not its booking draft's flow. */
function besideDraftFlow(state: PaymentFlowsState, flow: PaymentFlow | undefined): boolean {
  return (
    flow !== undefined &&
    !isTerminal(flow) &&
    indexEntry(state.flowIdByDraftKey, draftKey(flow.booking)) !== flow.flowId
  );
}

/** Every `[key, flowId]` an index holds. */
export function indexEntries(index: FlowIndex): [string, string][] {
  return leavesOf(index).flatMap((leaf) => pairsOf(leaf));
}

const indexKeys = (leaf: unknown) => pairsOf(leaf as readonly string[]).map(([key]) => key);

/** An index leaf's `[key, flowId, …]` as pairs. */
function pairsOf(leaf: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let at = 0; at < leaf.length; at += 2) pairs.push([leaf[at] ?? '', leaf[at + 1] ?? '']);
  return pairs;
}

/** Every key sits at the leaf its hash names, and no leaf or level is left empty. */
function bucketBreach(state: PaymentFlowsState): string | undefined {
  const tries: [string, HashTrie<unknown>, (leaf: unknown) => string[]][] = [
    ['flows', state.flows, (leaf) => (leaf as { ids: string[] }).ids],
    ['flowIdByBookingId', state.flowIdByBookingId, (leaf) => indexKeys(leaf)],
    ['flowIdByPaymentId', state.flowIdByPaymentId, (leaf) => indexKeys(leaf)],
    ['flowIdByDraftKey', state.flowIdByDraftKey, (leaf) => indexKeys(leaf)],
  ];
  for (const [name, trie, keysOf] of tries) {
    if (trie.length !== 16) return `${name} has ${trie.length} slots`;
    for (const [a, middle] of trie.entries()) {
      if (middle === null) continue;
      if (middle.length !== 16 || middle.every((last) => last === null)) {
        return `${name}[${a}] is empty or not 16 slots`;
      }
      for (const [b, last] of middle.entries()) {
        if (last === null) continue;
        if (last.length !== 16 || last.every((leaf) => leaf === null)) {
          return `${name}[${a}][${b}] is empty or not 16 slots`;
        }
        for (const [c, leaf] of last.entries()) {
          if (leaf === null) continue;
          const keys = keysOf(leaf);
          if (keys.length === 0) return `${name} leaf ${a},${b},${c} is empty`;
          const misplaced = keys.find((key) => leafPathOf(key).join() !== `${a},${b},${c}`);
          if (misplaced) return `${name} key ${misplaced} is in leaf ${a},${b},${c}`;
        }
      }
    }
  }
  return undefined;
}
