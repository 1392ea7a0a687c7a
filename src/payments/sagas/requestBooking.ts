import { call, put } from 'typed-redux-saga';
import { draftKey } from '../flowState.js';
import { bookingRequested, flowsMirrored } from '../paymentFlowsSlice.js';
import { isTerminal } from '../statusMachine.js';
import type { PaymentFlow } from '../types.js';
import { getDeps } from './deps.js';
import { getRegistry } from './flowRegistry.js';
import { saveBeforeActing } from './writeAhead.js';

const draftLockName = (key: string) => `payment-flows:draft:${key}`;

/**
 * A new flow's first step. With other tabs, Confirm may have been pressed for the same booking
 * draft in two of them: under the draft's lock, a flow another tab already saved for the draft
 * is taken in instead (this one, which asked nothing of the server yet, gives way to it), and
 * otherwise this flow is saved before the lock is let go, so the next tab to check finds it.
 */
export function* requestBooking(flow: PaymentFlow) {
  const { now, tabs } = yield* getDeps();
  if (!tabs) {
    yield* put(bookingRequested({ flowId: flow.flowId, at: now() }));
    return;
  }
  const { purged } = yield* getRegistry();
  const key = draftKey(flow.booking);
  let release = (): void => undefined;
  try {
    yield* call(
      () =>
        new Promise<void>((resolve) => {
          release = tabs.coordination.locks.request(draftLockName(key), { granted: resolve });
        }),
    );
    const twin = (yield* call(tabs.readSavedFlows)).find(
      (other) =>
        other.flowId !== flow.flowId &&
        // A flow this tab purged (a logout) stays stored while a tab not logged out goes on
        // with it (a purge forgets, it does not tombstone): it is never taken back in here.
        !purged.has(other.flowId) &&
        other.status !== 'draft' &&
        !isTerminal(other) &&
        draftKey(other.booking) === key,
    );
    if (twin) {
      yield* put(flowsMirrored({ flows: [twin], at: now() }));
      return;
    }
    yield* put(bookingRequested({ flowId: flow.flowId, at: now() }));
    yield* saveBeforeActing();
  } finally {
    release();
  }
}
