/**
 * The longest one timer waits (2^31 - 1 ms, ~24.8 days): browsers fire a longer one at once,
 * and redux-saga's `delay` clamps to it. Anything further away is waited for in steps.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
