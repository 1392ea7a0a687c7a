import type { Action, Middleware } from '@reduxjs/toolkit';
import { runSaga, stdChannel, type Saga, type Task } from 'redux-saga';

/** What Redux DevTools' instrument adds to a store: its history, the present state last. */
interface WithDevToolsHistory {
  liftedStore?: { getState(): { computedStates: readonly { state: unknown }[] } };
}

/**
 * The state the app is really in. While Redux DevTools time-travel, `store.getState()` is the
 * state being viewed: sagas acting on it would re-send a past flow's requests and look live
 * events up in past indexes. The present is the last state of DevTools' own history.
 */
export function liveStateOf<S>(store: { getState(): S } & WithDevToolsHistory): () => S {
  return () => {
    const present = store.liftedStore?.getState().computedStates.at(-1);
    return present === undefined ? store.getState() : (present.state as S);
  };
}

/** What `createLiveSagaMiddleware` returns. */
export interface LiveSagaMiddleware {
  middleware: Middleware;
  run<A extends unknown[]>(
    store: { getState(): unknown; dispatch(action: Action): unknown } & WithDevToolsHistory,
    saga: Saga<A>,
    ...args: A
  ): Task<unknown>;
}

/**
 * redux-saga's middleware, split in two (redux-saga's `runSaga` with the store's own IO): the
 * middleware feeds every action to the sagas after the reducers, and `run` starts sagas that
 * read the live state, whatever Redux DevTools show.
 */
export function createLiveSagaMiddleware(
  options: {
    /** An error no saga caught, with redux-saga's saga stack (where it was thrown from). */
    onError?: (error: Error, sagaStack: string) => void;
  } = {},
): LiveSagaMiddleware {
  const channel = stdChannel();
  const middleware: Middleware = () => (next) => (action) => {
    const result = next(action);
    channel.put(action as Action);
    return result;
  };
  function run<A extends unknown[]>(
    store: { getState(): unknown; dispatch(action: Action): unknown } & WithDevToolsHistory,
    saga: Saga<A>,
    ...args: A
  ): Task<unknown> {
    return runSaga(
      {
        channel,
        dispatch: (action: Action) => store.dispatch(action),
        getState: liveStateOf(store),
        onError: (error, { sagaStack }) => options.onError?.(error, sagaStack),
      },
      saga,
      ...args,
    );
  }
  return { middleware, run };
}
