import type { Action } from '@reduxjs/toolkit';
import { select, take } from 'typed-redux-saga';
import { paymentStatusesReceived } from '../paymentFlowsSlice';
import { selectFlowById } from '../selectors';
import type { PaymentFlow } from '../types';

const paymentIdsByAction = new WeakMap<Action, ReadonlySet<string>>();

/** Computed once per action, however many flow sagas are waiting on it. */
function paymentIdsOf(action: Action): ReadonlySet<string> {
  let ids = paymentIdsByAction.get(action);
  if (!ids) {
    ids = paymentStatusesReceived.match(action)
      ? new Set(action.payload.updates.map((update) => update.paymentId))
      : new Set();
    paymentIdsByAction.set(action, ids);
  }
  return ids;
}

function hasFlowId(action: Action, flowId: string): boolean {
  const { payload } = action as { payload?: unknown };
  return (
    typeof payload === 'object' &&
    payload !== null &&
    'flowId' in payload &&
    payload.flowId === flowId
  );
}

export function touchesFlow(flow: Pick<PaymentFlow, 'flowId' | 'paymentId'>) {
  return (action: Action): boolean =>
    hasFlowId(action, flow.flowId) ||
    (flow.paymentId !== undefined && paymentIdsOf(action).has(flow.paymentId));
}

/** Blocks until the flow's status is no longer `status` (or the flow is gone). */
export function* waitForStatusChange(flow: PaymentFlow) {
  const isForFlow = touchesFlow(flow);
  for (;;) {
    yield* take(isForFlow);
    const current = yield* select(selectFlowById, flow.flowId);
    if (current?.status !== flow.status) return current;
  }
}
