import { delay, put, select } from 'typed-redux-saga';
import { isTerminal } from '../statusMachine.js';
import { holdExpired } from '../paymentFlowsSlice.js';
import { selectFlowById } from '../selectors.js';
import { getDeps } from './deps.js';
import { waitForNotice, type FlowInbox } from './flowRegistry.js';

/**
 * Sleeps until the server's absolute hold deadline, so a reload re-arms it exactly (one
 * already past fires at once). The reducer decides what expiry means for the current status.
 */
export function* watchHoldExpiry(flowId: string, inbox: FlowInbox) {
  const { now } = yield* getDeps();
  let flow = yield* select(selectFlowById, flowId);
  if (flow && !isTerminal(flow) && flow.holdExpiresAt === undefined) {
    ({ flow } = yield* waitForNotice(
      inbox,
      (notice) =>
        notice.flow === undefined ||
        isTerminal(notice.flow) ||
        notice.flow.holdExpiresAt !== undefined,
    ));
  }
  if (!flow || isTerminal(flow) || flow.holdExpiresAt === undefined) return;
  const remaining = flow.holdExpiresAt - now();
  if (remaining > 0) yield* delay(remaining);
  yield* put(holdExpired({ flowId, at: now() }));
}
