import type { Action } from '@reduxjs/toolkit';
import type { PaymentFlowsState } from './flowState';
import { paymentStatusesReceived } from './paymentFlowsSlice';

function flowIdInPayload(action: Action): string | undefined {
  const { payload } = action as { payload?: unknown };
  if (typeof payload !== 'object' || payload === null || !('flowId' in payload)) return undefined;
  return typeof payload.flowId === 'string' ? payload.flowId : undefined;
}

/**
 * The flows an action may have changed: the one its payload names, or those whose payments it
 * reports. O(size of the action), never O(number of flows): everything that reacts to flow
 * changes on the hot path starts from here.
 */
export function touchedFlowIds(action: Action, state: PaymentFlowsState): string[] {
  if (paymentStatusesReceived.match(action)) {
    const flowIds: string[] = [];
    for (const update of action.payload.updates) {
      const flowId = state.flowIdByPaymentId[update.paymentId];
      if (flowId !== undefined) flowIds.push(flowId);
    }
    return flowIds;
  }
  const flowId = flowIdInPayload(action);
  return flowId === undefined ? [] : [flowId];
}
