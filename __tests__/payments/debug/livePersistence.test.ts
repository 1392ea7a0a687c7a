import type { Action, Reducer } from '@reduxjs/toolkit';
import { PAUSE, PERSIST, REHYDRATE } from 'redux-persist';
import { paymentsReducer } from '../../../src/payments/createPaymentsStore';
import { liveOnlyPersistence } from '../../../src/payments/debug/livePersistence';
import { flowStarted } from '../../../src/payments/paymentFlowsSlice';
import { uniqueDraft } from '../../helpers/paymentsTestStore';

type State = ReturnType<typeof paymentsReducer> & { _persist?: unknown };

/** A stand-in for persistReducer that counts what reaches it. */
function setup() {
  const reached: string[] = [];
  const persisted = ((state: State | undefined, action: Action) => {
    reached.push(action.type);
    return paymentsReducer(state, action);
  }) as Reducer<State>;
  const parts = liveOnlyPersistence(persisted, paymentsReducer as Reducer<State>, {
    key: 'payment-flows',
    version: 3,
  });
  /** Dispatches through the middleware, as the store does for a live action. */
  const live = (state: State, action: Action): State => {
    let next = state;
    parts.middleware({ getState: () => state, dispatch: (a) => a })((a) => {
      next = parts.reducer(state, a as Action);
      return a;
    })(action);
    return next;
  };
  return { ...parts, reached, live };
}

describe('liveOnlyPersistence', () => {
  it('lets only actions the store is dispatching reach redux-persist', () => {
    const { reducer, reached, live } = setup();
    const initial = reducer(undefined, { type: '@@INIT' });
    const started = flowStarted(uniqueDraft(), 1);

    live(initial, started);
    reducer(initial, started);
    reducer(initial, { type: PAUSE });

    expect(reached).toEqual(['@@INIT', started.type]);
  });

  it('replays PERSIST and REHYDRATE as redux-persist would, without storage', () => {
    const { reducer, reached } = setup();
    const initial = reducer(undefined, { type: '@@INIT' });
    const stored = paymentsReducer(undefined, flowStarted(uniqueDraft(), 1));

    const persisted = reducer(initial, { type: PERSIST });
    const rehydrated = reducer(persisted, {
      type: REHYDRATE,
      key: 'payment-flows',
      payload: { paymentFlows: stored.paymentFlows, _persist: { version: 3, rehydrated: true } },
    });
    const otherKey = reducer(rehydrated, { type: REHYDRATE, key: 'other', payload: {} });

    expect(persisted._persist).toEqual({ version: 3, rehydrated: false });
    expect(rehydrated).toEqual({
      ...initial,
      paymentFlows: stored.paymentFlows,
      _persist: { version: 3, rehydrated: true },
    });
    expect(otherKey).toBe(rehydrated);
    expect(reached).toEqual(['@@INIT']);
  });
});
