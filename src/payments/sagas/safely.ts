import { call, delay } from 'typed-redux-saga';
import { getDeps } from './deps.js';

/**
 * Runs a background saga for the life of the store: if it throws (a host callback such as
 * `navigate` or `refreshAuthToken` that fails, a bug), the error is logged and the saga starts
 * again after a pause. Nothing it does can stop the payments.
 */
export function* safely<Args extends unknown[]>(
  name: string,
  saga: (...args: Args) => Generator,
  ...args: Args
) {
  const { logger, timings } = yield* getDeps();
  for (;;) {
    try {
      yield* call(saga, ...args);
      return;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.error(`${name} failed; restarting it`, { message });
      yield* delay(timings.restartDelayMs);
    }
  }
}
