import type { Action, Middleware, Reducer } from '@reduxjs/toolkit';
import { PERSIST, REHYDRATE } from 'redux-persist';
import { reconcileRestored } from '../persistence/persistedFlows.js';

interface PersistMeta {
  version: number;
  rehydrated: boolean;
}

type WithPersistMeta = Record<string, unknown> & { _persist?: PersistMeta };

interface RehydrateAction extends Action {
  key?: unknown;
  payload?: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * redux-persist's reducer for live actions only. Redux DevTools recompute states by running
 * recorded actions through the reducer again (a sweep, a commit, an import, a skipped action);
 * through `persistReducer` those would write the recomputed states to storage, a PERSIST would
 * read storage and dispatch a second REHYDRATE into the live store (an imported one, without its
 * functions, throws), and a PAUSE would stop saving. A live action is one the store is
 * dispatching now, through `middleware`; anything else reaching the reducer is a replay, run
 * through the payments reducers alone, with redux-persist's bookkeeping and merge done the way
 * `persistReducer` does them and no storage at all.
 */
export function liveOnlyPersistence<S>(
  persisted: Reducer<S>,
  base: Reducer<S>,
  config: { key: string; version: number },
): { reducer: Reducer<S>; middleware: Middleware; liveState: () => S | undefined } {
  /**
   * How many live dispatches are under way. Every action that reaches the reducer meanwhile is
   * live, whatever object it is: a later middleware (a host's) may pass a copy of the action on,
   * or several. DevTools' replays run outside any dispatch of the store.
   */
  let liveDepth = 0;
  const middleware: Middleware = () => (next) => (action) => {
    liveDepth += 1;
    try {
      return next(action);
    } finally {
      liveDepth -= 1;
    }
  };

  /** What persistReducer gives for a replayed action, without its side effects. */
  function replay(state: WithPersistMeta, action: Action): WithPersistMeta {
    const { _persist, ...rest } = state;
    const reduced = base(rest as S, action) as WithPersistMeta;
    if (action.type === PERSIST) {
      return { ...reduced, _persist: _persist ?? { version: config.version, rehydrated: false } };
    }
    if (_persist === undefined) return reduced;
    const rehydrate = action as RehydrateAction;
    if (action.type === REHYDRATE && rehydrate.key === config.key) {
      const merged = reconcileRestored(rehydrate.payload, rest, reduced);
      return { ...merged, _persist: { ..._persist, rehydrated: true } };
    }
    return reduced === rest ? state : { ...reduced, _persist };
  }

  /**
   * The state live actions alone made: what the sagas read and what redux-persist saves. Redux
   * DevTools recompute their own states (a skipped action, a sweep, an import), which change
   * only what is shown; this one never sees their replays.
   */
  let liveState: S | undefined;
  /** What the reducer last gave for a live action: DevTools show the live state while equal. */
  let shown: S | undefined;

  const reducer = ((state: S | undefined, action: Action): S => {
    if (liveDepth > 0 || (state === undefined && liveState === undefined)) {
      const inSync = state === shown || liveState === undefined;
      liveState = persisted(liveState ?? state, action);
      if (inSync) {
        shown = liveState;
        return liveState;
      }
      // DevTools show a history of their own (an action skipped): the live action is shown
      // on top of it, and only there.
    }
    if (state === undefined || !isRecord(state)) return base(state, action);
    return replay(state, action) as S;
  }) as Reducer<S>;
  return {
    reducer,
    middleware,
    /** The live state; before the first action, none. */
    liveState: (): S | undefined => liveState,
  };
}
