import { call, cancelled, delay } from 'typed-redux-saga';
import { isApiError, type ApiError } from '../apiError';
import { backoffDelay, getDeps, type BackoffPolicy } from './deps';

/** Calls a request with an AbortSignal, and aborts it if the saga is cancelled mid-flight. */
export function* callAbortable<T>(request: (signal: AbortSignal) => Promise<T>) {
  const controller = new AbortController();
  try {
    return yield* call(request, controller.signal);
  } finally {
    if (yield* cancelled()) controller.abort();
  }
}

function isRetriable(error: ApiError): boolean {
  return error.isTransient || error.isInFlightConflict;
}

/**
 * Retries transient failures with jittered backoff, and waits out 409 in-flight conflicts on
 * their own budget. redux-saga's `retry` retries every error after a fixed delay, so it cannot
 * tell a 5xx from a 4xx or a 409.
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
      const wait = backoffDelay(attempt, policy, random);
      logger.debug(`${label}: ${error.code}, retrying in ${wait} ms`, { attempt });
      yield* delay(wait);
    }
  }
}
