import { channel, type Channel } from 'redux-saga';
import { getContext, select, take } from 'typed-redux-saga';
import { touchedFlowIds } from '../flowChanges';
import { selectFlowById, selectPaymentFlowsState } from '../selectors';
import type { FlowStatus } from '../statusMachine';
import type { PaymentFlow } from '../types';

export const WAITERS_KEY = 'paymentFlowsWaiters';

/** What a waiting flow is woken with: its new state, or `gone` once it left the store. */
export type FlowChange = { flow: PaymentFlow } | { gone: true };

interface Waiter {
  status: FlowStatus;
  wake: Channel<FlowChange>;
}

/**
 * Flows waiting for their status to change, woken by one router. A `take(predicate)` per flow
 * would test every waiting flow on every action and splice it out of one long list when it
 * wakes: O(flows) per action, which at 10,000 flows was most of the time spent per event.
 */
export function createFlowWaiters() {
  const waiting = new Map<string, Waiter>();
  return {
    register(flowId: string, status: FlowStatus): Channel<FlowChange> {
      const wake = channel<FlowChange>();
      waiting.set(flowId, { status, wake });
      return wake;
    },
    unregister(flowId: string): void {
      waiting.delete(flowId);
    },
    /** Wakes the flow if it waits and its status is no longer the one it waits on. */
    notify(flowId: string, flow: PaymentFlow | undefined): void {
      const waiter = waiting.get(flowId);
      if (!waiter || flow?.status === waiter.status) return;
      waiting.delete(flowId);
      waiter.wake.put(flow ? { flow } : { gone: true });
    },
    get size(): number {
      return waiting.size;
    },
  };
}

export type FlowWaiters = ReturnType<typeof createFlowWaiters>;

function* getWaiters() {
  return yield* getContext<FlowWaiters>(WAITERS_KEY);
}

/** The one saga that looks at every action on behalf of every waiting flow. */
export function* routeFlowChanges() {
  const waiters = yield* getWaiters();
  for (;;) {
    const action = yield* take('*');
    if (waiters.size === 0) continue;
    const state = yield* select(selectPaymentFlowsState);
    for (const flowId of touchedFlowIds(action, state)) {
      waiters.notify(flowId, state.entities[flowId]);
    }
  }
}

/** Blocks until the flow's status is no longer `flow.status` (or the flow is gone). */
export function* waitForStatusChange(flow: PaymentFlow) {
  const current = yield* select(selectFlowById, flow.flowId);
  if (current?.status !== flow.status) return;
  const waiters = yield* getWaiters();
  const wake = waiters.register(flow.flowId, flow.status);
  try {
    yield* take(wake);
  } finally {
    waiters.unregister(flow.flowId);
  }
}
