import type { Channel } from 'redux-saga';
import { delay as delayEffect, take as takeEffect } from 'redux-saga/effects';
import { delay, put, race, select, take } from 'typed-redux-saga';
import { isTerminal } from '../statusMachine.js';
import { holdExpired } from '../paymentFlowsSlice.js';
import { selectFlowById } from '../selectors.js';
import { MAX_TIMER_MS } from '../timers.js';
import { getDeps } from './deps.js';
import { getRegistry, waitForNotice, type FlowInbox } from './flowRegistry.js';
import type { HoldWheel } from './holdWheel.js';

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
  // A deadline beyond one timer's reach is waited for in steps (see MAX_TIMER_MS).
  let remaining = flow.holdExpiresAt - now();
  while (remaining > MAX_TIMER_MS) {
    yield* delay(MAX_TIMER_MS);
    remaining = flow.holdExpiresAt - now();
  }
  if (remaining > 0) yield* delay(remaining);
  yield* put(holdExpired({ flowId, at: now() }));
}

/**
 * One timer for the holds of every parked flow (those without a task): it sleeps until the
 * earliest deadline and reports each hold that falls due (one already past, at once). A deadline
 * that no longer matches its parked flow (woken, or given another) is skipped.
 */
export function* expireParkedHolds() {
  const { now } = yield* getDeps();
  const { holds, holdsChanged, parked } = yield* getRegistry();
  for (;;) {
    for (const { flowId, at } of yield* dueDeadlines(holds, holdsChanged)) {
      if (parked.get(flowId)?.holdExpiresAt === at) yield* put(holdExpired({ flowId, at: now() }));
    }
  }
}

/**
 * Sleeps until the wheel's earliest deadline (again whenever `changed` says one was added
 * earlier), then takes every deadline due by then.
 */
export function* dueDeadlines(wheel: HoldWheel, changed: Channel<true>) {
  const { now } = yield* getDeps();
  for (;;) {
    const next = wheel.nextAt();
    if (next === undefined) {
      yield* take(changed);
      continue;
    }
    const wait = next - now();
    if (wait > 0) {
      const step = Math.min(wait, MAX_TIMER_MS);
      const { added } = yield* race({ added: takeEffect(changed), due: delayEffect(step) });
      // A deadline beyond one timer's reach: wait again, never take it due early.
      if (added || wait > MAX_TIMER_MS) continue;
    }
    // Everything due by the deadline waited for: a clock that is behind the timers (a test's)
    // must not leave it pending forever.
    return wheel.takeDue(Math.max(now(), next));
  }
}
