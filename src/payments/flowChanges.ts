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
    return linkedFlowIds(
      state.flowIdByPaymentId,
      action.payload.updates.map((update) => update.paymentId),
    );
  }
  if (subscriptionsRefused.match(action)) {
    return linkedFlowIds(state.flowIdByBookingId, action.payload.bookingIds);
  }
  if (flowsRetired.match(action)) return action.payload.flowIds;
  if (flowsMirrored.match(action)) return action.payload.flows.map((flow) => flow.flowId);
  const flowId = flowIdInPayload(action);
  return flowId === undefined ? [] : [flowId];
}
