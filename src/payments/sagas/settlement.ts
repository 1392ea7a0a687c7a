import { call, race, select } from 'typed-redux-saga';
import { selectConnectionStatus, type ConnectionStatus } from '../socket/connectionSlice';
import type { PaymentFlow } from '../types';
import { getDeps } from './deps';
import { waitForConnection, waitForStatusChange, type FlowInbox } from './flowRegistry';
import { pollPaymentStatus } from './paymentSaga';

/** Polls only while the socket is down; stops the moment it is back. */
function* pollWhileDisconnected(flow: PaymentFlow) {
  for (;;) {
    const status = yield* select(selectConnectionStatus);
    if (status === 'connected') {
      yield* call(waitForConnection, (next: ConnectionStatus) => next !== 'connected');
      continue;
    }
    yield* race({
      polled: call(pollPaymentStatus, flow),
      reconnected: call(waitForConnection, (next: ConnectionStatus) => next === 'connected'),
    });
  }
}

/**
 * Waits for a payment the processor is working on to move. The socket reports it; without one,
 * or while it is down, the status is polled. A reconciling flow always asks: nothing will push
 * a status that did not change. A 3-D Secure step restored without its URL (storage never holds
 * it) asks for it at once.
 */
export function* awaitSettlement(flow: PaymentFlow, inbox: FlowInbox) {
  const { realtime } = yield* getDeps();
  const lacksNextAction = flow.status === 'requiresAction' && flow.nextAction === undefined;
  if (lacksNextAction) {
    yield* call(
      pollPaymentStatus,
      flow,
      (current: PaymentFlow) => current.nextAction !== undefined,
    );
    return;
  }
  if (!realtime || flow.status === 'reconciling') {
    yield* call(pollPaymentStatus, flow);
    return;
  }
  yield* race({
    changed: call(waitForStatusChange, flow, inbox),
    polled: call(pollWhileDisconnected, flow),
  });
}
