import { CANCEL } from 'redux-saga';
import { call, delay } from 'typed-redux-saga';
import { isApiError, type ApiError } from '../apiError.js';
import { backoffDelay, getDeps, type BackoffPolicy } from './deps.js';

/**
 * A request that redux-saga aborts when the saga awaiting it is cancelled, through the
 * promise's CANCEL hook. (A `finally { yield cancelled() }` here would not do: inside a
 * `yield*` chain, yielding during cancellation resumes the caller as if the call had returned.)
 */
function abortable<T>(request: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  return Object.assign(request(controller.signal), {
    [CANCEL]: () => {
      controller.abort();
    },
  });
}

export function* callAbortable<T>(request: (signal: AbortSignal) => Promise<T>) {
  return yield* call(abortable<T>, request);
}

/** A 429 asking for a longer wait than this is given up, not waited out. */
const MAX_RETRY_AFTER_MS = 60_000;

function isRetriable(error: ApiError): boolean {
  if (error.isRateLimited) return (error.retryAfterMs ?? 0) <= MAX_RETRY_AFTER_MS;
  return error.isTransient || error.isInFlightConflict;
}

/**
 * Retries transient failures with jittered backoff, waits out 409 in-flight conflicts on their
 * own budget, and a 429 rate limit for at least its `Retry-After` (nothing ran, so the same key
 * is safe). redux-saga's `retry` retries every error after a fixed delay, so it cannot tell a
 * 5xx from a 4xx or a 409.
 */
export function* requestWithRetry<T>(
  label: string,
  transientPolicy: BackoffPolicy,
  request: (signal: AbortSignal) => Promise<T>,
) {
  const { timings, random, logger } = yield* getDeps();
  let transientAttempts = 0;
  let conflictAttempts = 0;
  for (;;) {
    try {
      return yield* callAbortable(request);
    } catch (error) {
      if (!isApiError(error) || !isRetriable(error)) throw error;
      const policy = error.isInFlightConflict ? timings.inFlightRetry : transientPolicy;
      const attempt = error.isInFlightConflict ? ++conflictAttempts : ++transientAttempts;
      if (attempt >= policy.maxAttempts) throw error;
      const wait = Math.max(backoffDelay(attempt, policy, random), error.retryAfterMs ?? 0);
      logger.debug(`${label}: ${error.code}, retrying in ${wait} ms`, { attempt });
      yield* delay(wait);
    }
  }
}
