import { delay, put, select, take } from 'typed-redux-saga';
import { isTerminal } from '../statusMachine';
import { bookingCreated, holdExpired } from '../paymentFlowsSlice';
import { selectFlowById } from '../selectors';
import { getDeps } from './deps';

/**
 * Sleeps until the server's absolute hold deadline, so a reload re-arms it exactly (one
 * already past fires at once). The reducer decides what expiry means for the current status.
 */
export function* watchHoldExpiry(flowId: string) {
  const { now } = yield* getDeps();
  let flow = yield* select(selectFlowById, flowId);
  while (flow && !isTerminal(flow) && flow.holdExpiresAt === undefined) {
    yield* take(bookingCreated.match);
    flow = yield* select(selectFlowById, flowId);
  }
  if (!flow || isTerminal(flow) || flow.holdExpiresAt === undefined) return;
  const remaining = flow.holdExpiresAt - now();
  if (remaining > 0) yield* delay(remaining);
  yield* put(holdExpired({ flowId, at: now() }));
}
