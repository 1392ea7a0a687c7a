import { call, race, select, take } from 'typed-redux-saga';
import {
  selectConnectionStatus,
  socketConnected,
  socketConnectFailed,
  socketDisconnected,
} from '../socket/connectionSlice';
import type { PaymentFlow } from '../types';
import { getDeps } from './deps';
import { waitForStatusChange } from './flowWaiters';
import { pollPaymentStatus } from './paymentSaga';

/** Polls only while the socket is down; stops the moment it is back. */
function* pollWhileDisconnected(flow: PaymentFlow) {
  for (;;) {
    const status = yield* select(selectConnectionStatus);
    if (status === 'connected') {
      yield* take([socketDisconnected.type, socketConnectFailed.type]);
      continue;
    }
    yield* race({ polled: call(pollPaymentStatus, flow), reconnected: take(socketConnected.type) });
  }
}

/**
 * Waits for a payment the processor is working on to move. The socket reports it; without one,
 * or while it is down, the status is polled. A reconciling flow always asks: nothing will push
 * a status that did not change.
 */
export function* awaitSettlement(flow: PaymentFlow) {
  const { realtime } = yield* getDeps();
  if (!realtime || flow.status === 'reconciling') {
    yield* call(pollPaymentStatus, flow);
    return;
  }
  yield* race({
    changed: call(waitForStatusChange, flow),
    polled: call(pollWhileDisconnected, flow),
  });
}
