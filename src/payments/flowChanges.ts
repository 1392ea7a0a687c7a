import type { Action } from '@reduxjs/toolkit';
import { REHYDRATE } from 'redux-persist';
import {
  draftKey,
  flowByIdIn,
  indexEntry,
  type FlowIndex,
  type PaymentFlowsState,
} from './flowState.js';
import {
  flowsMirrored,
  flowsRetired,
  paymentStatusesReceived,
  subscriptionsRefused,
} from './paymentFlowsSlice.js';
import { isTerminal } from './statusMachine.js';

/** The flow an action is addressed to, by its payload's `flowId` (a command or a flow event). */
export function flowIdInPayload(action: Action): string | undefined {
  const { payload } = action as { payload?: unknown };
  if (typeof payload !== 'object' || payload === null || !('flowId' in payload)) return undefined;
  return typeof payload.flowId === 'string' ? payload.flowId : undefined;
}

/**
 * The strings a payload lists under `key`, or under `key`'s items' `field`. The action pass sees
 * every action, also one a host or the DevTools dispatcher sent with a malformed payload (which
 * the reducer refused): reading it must not throw, or the flows saga stops.
 */
function stringsIn(action: Action, key: string, field?: string): string[] {
  const { payload } = action as { payload?: unknown };
  if (typeof payload !== 'object' || payload === null) return [];
  const list: unknown = (payload as Record<string, unknown>)[key];
  if (!Array.isArray(list)) return [];
  const strings: string[] = [];
  for (const item of list as unknown[]) {
    const value: unknown =
      field === undefined
        ? item
        : typeof item === 'object' && item !== null
          ? (item as Record<string, unknown>)[field]
          : undefined;
    if (typeof value === 'string') strings.push(value);
  }
  return strings;
}

/** The flowIds of the copies a `flowsMirrored` action carries (none if it is malformed). */
export function mirroredFlowIds(action: Action): string[] {
  return stringsIn(action, 'flows', 'flowId');
}

function linkedFlowIds(index: FlowIndex, serverIds: Iterable<string>): string[] {
  const flowIds: string[] = [];
  for (const serverId of serverIds) {
    const flowId = indexEntry(index, serverId);
    if (flowId !== undefined) flowIds.push(flowId);
  }
  return flowIds;
}

const isList = (value: unknown): value is readonly unknown[] => Array.isArray(value);

/**
 * The flowIds in a REHYDRATE's restored slice (its trie of buckets, read without trusting it:
 * a host or the DevTools dispatcher may send anything).
 */
function restoredFlowIds(action: Action): string[] {
  const { payload } = action as { payload?: unknown };
  if (typeof payload !== 'object' || payload === null || !('paymentFlows' in payload)) return [];
  const restored: unknown = payload.paymentFlows;
  if (typeof restored !== 'object' || restored === null || !('flows' in restored)) return [];
  let slots: unknown[] = [restored.flows];
  for (let depth = 0; depth < 3; depth += 1) {
    slots = slots.flatMap((slot) => (isList(slot) ? slot : []));
  }
  const flowIds: string[] = [];
  for (const bucket of slots) {
    if (typeof bucket !== 'object' || bucket === null || !('ids' in bucket)) continue;
    if (!isList(bucket.ids)) continue;
    for (const flowId of bucket.ids) if (typeof flowId === 'string') flowIds.push(flowId);
  }
  return flowIds;
}

/**
 * The flows a REHYDRATE may have changed: each it brings (which replaces the store's copy, if
 * any), and the store's active flow for each active one's booking draft (which gives way to it,
 * or stays beside it: see `reconcileRestored`). Every other flow is left as it was. O(flows
 * brought), never O(flows held).
 */
function rehydratedFlowIds(
  action: Action,
  state: PaymentFlowsState,
  previous: PaymentFlowsState,
): string[] {
  const flowIds = restoredFlowIds(action);
  const displaced: string[] = [];
  for (const flowId of flowIds) {
    const flow = flowByIdIn(state, flowId);
    if (flow === undefined || isTerminal(flow)) continue;
    const before = indexEntry(previous.flowIdByDraftKey, draftKey(flow.booking));
    if (before !== undefined && before !== flowId) displaced.push(before);
  }
  return [...flowIds, ...displaced];
}

/**
 * The flows an action may have changed: the one its payload names, those whose payments or
 * bookings it reports, or those a REHYDRATE replaced. O(size of the action), never O(number of
 * flows): everything that reacts to flow changes starts from here.
 */
export function touchedFlowIds(
  action: Action,
  state: PaymentFlowsState,
  previous: PaymentFlowsState,
): string[] {
  if (action.type === REHYDRATE) return rehydratedFlowIds(action, state, previous);
  if (paymentStatusesReceived.match(action)) {
    return linkedFlowIds(state.flowIdByPaymentId, stringsIn(action, 'updates', 'paymentId'));
  }
  if (subscriptionsRefused.match(action)) {
    return linkedFlowIds(state.flowIdByBookingId, stringsIn(action, 'bookingIds'));
  }
  if (flowsRetired.match(action)) return stringsIn(action, 'flowIds');
  if (flowsMirrored.match(action)) return mirroredFlowIds(action);
  const flowId = flowIdInPayload(action);
  return flowId === undefined ? [] : [flowId];
}
