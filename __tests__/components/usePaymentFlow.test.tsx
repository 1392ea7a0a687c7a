/** @jest-environment jsdom */
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Provider } from 'react-redux';
import { usePaymentFlow } from '../../src/components/hooks/usePaymentFlow';
import { useStartPayment } from '../../src/components/hooks/useStartPayment';
import {
  cancelRequested,
  flowCancelled,
  flowStarted,
  paymentSubmitted,
  redirectRequested,
  retryRequested,
} from '../../src/payments/paymentFlowsSlice';
import { selectAllFlows, selectFlowById } from '../../src/payments/selectors';
import { flowUnwatched, flowWatched } from '../../src/payments/socket/connectionSlice';
import { draft, flowAwaitingPayment, T0 } from './flowFixtures';
import { dispatched, dispatchInAct, setupStore, type TestStore } from './test-utils';

function wrapperFor(store: TestStore) {
  return function Wrapper({ children }: { children: ReactNode }) {
    return <Provider store={store}>{children}</Provider>;
  };
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('usePaymentFlow', () => {
  test('watches the flow while mounted; unmounting unwatches and cancels nothing', () => {
    const store = setupStore();
    const { flowId } = flowAwaitingPayment(store);
    const flowBefore = selectFlowById(store.getState(), flowId);

    const { result, unmount } = renderHook(() => usePaymentFlow(flowId), {
      wrapper: wrapperFor(store),
    });
    expect(dispatched(store, flowWatched).map((a) => a.payload)).toEqual([{ flowId }]);
    expect(store.getState().connection.watchers).toEqual({ [flowId]: 1 });
    expect(result.current.flow).toBe(flowBefore);

    unmount();
    expect(dispatched(store, flowUnwatched).map((a) => a.payload)).toEqual([{ flowId }]);
    expect(store.getState().connection.watchers).toEqual({});
    expect(dispatched(store, cancelRequested)).toHaveLength(0);
    expect(selectFlowById(store.getState(), flowId)).toBe(flowBefore);
  });

  test('two components watching one flow keep it watched until both are gone', () => {
    const store = setupStore();
    const { flowId } = flowAwaitingPayment(store);
    const first = renderHook(() => usePaymentFlow(flowId), { wrapper: wrapperFor(store) });
    const second = renderHook(() => usePaymentFlow(flowId), { wrapper: wrapperFor(store) });
    expect(store.getState().connection.watchers[flowId]).toBe(2);
    first.unmount();
    expect(store.getState().connection.watchers[flowId]).toBe(1);
    second.unmount();
    expect(store.getState().connection.watchers[flowId]).toBeUndefined();
  });

  test('switching flowId unwatches the old flow and watches the new one', () => {
    const store = setupStore();
    const a = flowAwaitingPayment(store).flowId;
    const b = flowAwaitingPayment(store).flowId;
    const { rerender } = renderHook(({ flowId }) => usePaymentFlow(flowId), {
      wrapper: wrapperFor(store),
      initialProps: { flowId: a },
    });
    rerender({ flowId: b });
    expect(store.getState().connection.watchers).toEqual({ [b]: 1 });
  });

  test('commands dispatch their actions stamped with the current time', () => {
    const store = setupStore();
    const { flowId } = flowAwaitingPayment(store);
    const { result } = renderHook(() => usePaymentFlow(flowId), { wrapper: wrapperFor(store) });
    jest.spyOn(Date, 'now').mockReturnValue(T0 + 5_000);

    act(() => {
      result.current.cancel();
      result.current.retry();
      result.current.redirect();
      result.current.submitPayment('pm_card_3ds');
    });

    expect(dispatched(store, cancelRequested).map((a) => a.payload)).toEqual([
      { flowId, at: T0 + 5_000 },
    ]);
    expect(dispatched(store, retryRequested).map((a) => a.payload)).toEqual([
      { flowId, at: T0 + 5_000 },
    ]);
    expect(dispatched(store, redirectRequested).map((a) => a.payload)).toEqual([
      { flowId, at: T0 + 5_000 },
    ]);
    expect(dispatched(store, paymentSubmitted).map((a) => a.payload)).toEqual([
      { flowId, paymentMethodId: 'pm_card_3ds', at: T0 + 5_000 },
    ]);
  });

  test('re-renders when the flow changes in the store', () => {
    const store = setupStore();
    const { flowId } = flowAwaitingPayment(store);
    const { result } = renderHook(() => usePaymentFlow(flowId), { wrapper: wrapperFor(store) });
    dispatchInAct(store, flowCancelled({ flowId, at: T0 + 9 }));
    expect(result.current.flow?.status).toBe('cancelled');
  });
});

describe('useStartPayment', () => {
  test('a second start of the same draft returns the first flow id and makes no second flow', () => {
    const store = setupStore();
    const { result } = renderHook(() => useStartPayment(), { wrapper: wrapperFor(store) });
    const booking = draft();
    let first = '';
    let second = '';
    act(() => {
      first = result.current(booking);
      second = result.current({ ...booking });
    });

    expect(second).toBe(first);
    expect(dispatched(store, flowStarted)).toHaveLength(2);
    expect(selectAllFlows(store.getState()).map((f) => f.flowId)).toEqual([first]);
    expect(selectFlowById(store.getState(), first)?.booking).toEqual(booking);
  });

  test('once the first flow has ended, the same draft starts a new flow', () => {
    const store = setupStore();
    const { result } = renderHook(() => useStartPayment(), { wrapper: wrapperFor(store) });
    const booking = draft();
    let first = '';
    let second = '';
    act(() => {
      first = result.current(booking);
      store.dispatch(cancelRequested({ flowId: first, at: T0 }));
      store.dispatch(flowCancelled({ flowId: first, at: T0 }));
      second = result.current(booking);
    });
    expect(second).not.toBe(first);
    expect(selectFlowById(store.getState(), second)?.status).toBe('draft');
  });
});
