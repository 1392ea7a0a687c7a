import { call as callEffect, delay as delayEffect } from 'redux-saga/effects';
import { race } from 'typed-redux-saga';
import { getDeps } from './deps.js';

/**
 * Stores the flow before a request that acts on the server (a booking, a charge, leaving for
 * 3-D Secure): a reload a moment later then finds the flow and resumes it with the same
 * idempotency key, instead of forgetting a booking or a payment the server already has.
 * Storage that does not answer in time is logged and not waited for: it must not stop a payment.
 */
export function* saveBeforeActing() {
  const { persistence, timings, logger } = yield* getDeps();
  if (!persistence) return;
  const { timedOut } = yield* race({
    saved: callEffect(persistence.flush),
    timedOut: delayEffect(timings.writeAheadTimeoutMs),
  });
  if (timedOut)
    logger.warn(`saving the flow took over ${timings.writeAheadTimeoutMs} ms; going on`);
}
