import type { Action, Middleware } from '@reduxjs/toolkit';

export interface ActionRecorder {
  /** Records every action that reaches the reducers, in the order they reach them. */
  middleware: Middleware;
  /** The recorded actions, oldest first. */
  actions: () => readonly Action[];
  /** True once the limit made the recorder drop its oldest actions (a replay then starts late). */
  truncated: () => boolean;
}

/**
 * An action log for `exportDebugReport` and `npm run replay`: pass its `middleware` to
 * `createPaymentsStore({ middleware: [...] })` or a host's `configureStore`. Actions are kept as
 * dispatched; the report redacts them. Keeps the last `limit` actions (default 5,000).
 */
export function createActionRecorder(options: { limit?: number } = {}): ActionRecorder {
  const limit = options.limit ?? 5_000;
  const log: Action[] = [];
  let dropped = false;
  const middleware: Middleware = () => (next) => (action) => {
    log.push(action as Action);
    if (log.length > limit) {
      log.splice(0, log.length - limit);
      dropped = true;
    }
    return next(action);
  };
  return { middleware, actions: () => log.slice(), truncated: () => dropped };
}
