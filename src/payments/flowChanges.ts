import type { Action } from '@reduxjs/toolkit';
import { indexEntry, type FlowIndex, type PaymentFlowsState } from './flowState.js';
import {
  flowsMirrored,
  flowsRetired,
  paymentStatusesReceived,
  subscriptionsRefused,
} from './paymentFlowsSlice.js';

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

/**
 * The flows an action may have changed: the one its payload names, or those whose payments or
 * bookings it reports. O(size of the action), never O(number of flows): everything that reacts
 * to flow changes starts from here.
 */
export function touchedFlowIds(action: Action, state: PaymentFlowsState): string[] {
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
