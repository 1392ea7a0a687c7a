import { call as callEffect, delay as delayEffect } from 'redux-saga/effects';
import { call, race, select } from 'typed-redux-saga';
import { selectFlowById } from '../selectors.js';
import { selectConnectionStatus, type ConnectionStatus } from '../socket/connectionSlice.js';
import type { PaymentFlow } from '../types.js';
import { backoffDelay, getDeps } from './deps.js';
import { firstWhere, getRegistry, statusLeft, type FlowInbox } from './flowRegistry.js';
import { pollPaymentStatus } from './paymentSaga.js';

/**
 * Polls with backoff while the socket is down. While it is up and nothing arrives for a quiet
 * period, asks once per period: an event lost on the way (the socket stays up, so no resync
 * happens) cannot strand a payment. The quiet period is a timer, not a task of its own.
 */
function* askWhileWaiting(flow: PaymentFlow, askFirst: boolean) {
  const { timings, random } = yield* getDeps();
  const { connection } = yield* getRegistry();
  const dropped = () => firstWhere(connection, (next: ConnectionStatus) => next !== 'connected');
  for (let first = true; ; first = false) {
    if (yield* hearsFromServer(flow)) {
      // Woken by its re-check, a parked flow already waited out a quiet period.
      const { quiet } =
        first && askFirst
          ? { quiet: true }
          : yield* race({
              dropped: dropped(),
              quiet: delayEffect(backoffDelay(1, timings.quietRecheck, random)),
            });
      if (quiet) {
        yield* race({
          dropped: dropped(),
          asked: callEffect(pollPaymentStatus, flow, undefined, timings.quietRecheck),
        });
      }
      continue;
    }
    yield* race({
      polled: callEffect(pollPaymentStatus, flow),
      reconnected: firstWhere(connection, (next: ConnectionStatus) => next === 'connected'),
    });
  }
}

/**
 * Whether the server sends this flow's events now: the socket is up and its booking's
 * subscription was not refused (no event comes for a refused one: it is asked for, as if the
 * socket were down).
 */
export function* hearsFromServer(flow: PaymentFlow) {
  const { realtime } = yield* getDeps();
  const { refusedBookings } = yield* getRegistry();
  const connection = yield* select(selectConnectionStatus);
  return hearsFromServerNow(flow, realtime !== undefined, refusedBookings, connection);
}

/** `hearsFromServer`, from what it reads: for a caller that decides for many flows at once. */
export function hearsFromServerNow(
  flow: PaymentFlow,
  realtime: boolean,
  refusedBookings: ReadonlySet<string>,
  connection: ConnectionStatus,
): boolean {
  if (!realtime || flow.bookingId === undefined || refusedBookings.has(flow.bookingId)) {
    return false;
  }
  return connection === 'connected';
}

/**
 * Waits for a payment the processor is working on to move. The socket reports it; without one,
 * or while it is down, the status is polled, and while it is quiet, asked now and then. A reconciling flow always asks: nothing will push
 * a status that did not change. A 3-D Secure step restored without its URL (storage never holds
 * it) asks for it at once.
 */
export function* awaitSettlement(flow: PaymentFlow, inbox: FlowInbox, askFirst = false) {
  const { realtime } = yield* getDeps();
  const lacksNextAction = flow.status === 'requiresAction' && flow.nextAction === undefined;
  if (lacksNextAction) {
    // Done once the URL is back, or once the step is over without it (the user finished or
    // denied it before the reload): the driver goes on from the new status.
    yield* call(
      pollPaymentStatus,
      flow,
      (current: PaymentFlow) =>
        current.status !== 'requiresAction' || current.nextAction !== undefined,
    );
    return;
  }
  if (!realtime || flow.status === 'reconciling') {
    yield* call(pollPaymentStatus, flow);
    return;
  }
  // Its status may have moved while a step before this one ran (a 3-D Secure page refused).
  if ((yield* select(selectFlowById, flow.flowId))?.status !== flow.status) return;
  yield* race({
    changed: firstWhere(inbox, statusLeft(flow.status)),
    asked: callEffect(askWhileWaiting, flow, askFirst),
  });
}
