import type { Action } from '@reduxjs/toolkit';
import { call, cancel, delay, fork, put, select, take } from 'typed-redux-saga';
import { isTerminal } from '../statusMachine';
import { bookingRequested, flowRetired } from '../paymentFlowsSlice';
import { flowUnwatched, selectWatcherCount } from '../socket/connectionSlice';
import { selectFlowById } from '../selectors';
import type { PaymentFlow } from '../types';
import { createBooking } from './bookingSaga';
import { getDeps } from './deps';
import { waitForStatusChange } from './flowWaiters';
import { watchHoldExpiry } from './holdExpirySaga';
import { confirmPayment } from './paymentSaga';
import { awaitSettlement } from './settlement';
import { releaseBooking } from './releaseSaga';

/** The one thing the client does for a flow in each status; the reducers move it on. */
function* stepFlow(flow: PaymentFlow) {
  const { now } = yield* getDeps();
  switch (flow.status) {
    case 'draft':
      yield* put(bookingRequested({ flowId: flow.flowId, at: now() }));
      return;
    case 'creatingBooking':
      yield* call(createBooking, flow.flowId);
      return;
    case 'confirmingPayment':
      yield* call(confirmPayment, flow.flowId);
      return;
    case 'requiresAction':
    case 'processing':
    case 'reconciling':
      yield* call(awaitSettlement, flow);
      return;
    default:
      // awaitingPayment and a retriable failure wait for the user (or the server, or the hold).
      yield* call(waitForStatusChange, flow);
  }
}

/**
 * Drives one flow from whatever status it is in to a terminal one. Because each step is chosen
 * from the stored status, a flow rehydrated after a reload resumes by the same code.
 */
export function* driveFlow(flowId: string) {
  for (;;) {
    const flow = yield* select(selectFlowById, flowId);
    if (!flow || isTerminal(flow)) return;
    yield* call(stepFlow, flow);
  }
}

/** A flow's whole life: its steps, its hold timer, and the release of a hold it no longer needs. */
export function* runFlow(flowId: string) {
  const { logger } = yield* getDeps();
  const holdTimer = yield* fork(watchHoldExpiry, flowId);
  yield* call(driveFlow, flowId);
  yield* cancel(holdTimer);
  const flow = yield* select(selectFlowById, flowId);
  logger.info(`flow ended ${flow?.status ?? 'removed'}`, { flowId });
  if (flow?.status === 'expired' || flow?.status === 'failed') yield* call(releaseBooking, flowId);
}

/** Keeps a finished flow visible for the retention time, and while a component shows it. */
export function* retireFlow(flowId: string) {
  const { retentionMs, now } = yield* getDeps();
  yield* delay(retentionMs);
  while ((yield* select(selectWatcherCount, flowId)) > 0) {
    yield* take(
      (action: Action) => flowUnwatched.match(action) && action.payload.flowId === flowId,
    );
  }
  yield* put(flowRetired({ flowId, at: now() }));
}
