import '@testing-library/jest-dom';
import {
  combineReducers,
  configureStore,
  type Middleware,
  type UnknownAction,
} from '@reduxjs/toolkit';
import { act, render, type RenderOptions } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement, ReactNode } from 'react';
import { Provider } from 'react-redux';
import { PaymentMethodsProvider } from '../../src/components/paymentMethods/PaymentMethodsProvider';
import {
  PaymentFlowsProvider,
  type PaymentFlowsProviderProps,
} from '../../src/components/ui/PaymentFlowsProvider';
import type { PaymentsApi } from '../../src/payments/apiClient';
import type { SavedPaymentMethod } from '../../src/payments/apiSchemas';
import { paymentsReducers, type PaymentsState } from '../../src/payments/createPaymentsStore';

export const visa: SavedPaymentMethod = {
  id: 'pm_card_visa',
  brand: 'visa',
  last4: '4242',
  label: 'Visa ending in 4242',
};
export const threeDs: SavedPaymentMethod = {
  id: 'pm_card_3ds',
  brand: 'visa',
  last4: '3155',
  label: 'Visa ending in 3155',
};

export type MethodsApi = Pick<PaymentsApi, 'listPaymentMethods'>;

/** Answers at once with these methods and records the signal of every call. */
export function fakeMethodsApi(methods: SavedPaymentMethod[] = [visa, threeDs]) {
  const signals: (AbortSignal | undefined)[] = [];
  const api: MethodsApi = {
    listPaymentMethods: (signal) => {
      signals.push(signal);
      return Promise.resolve({ paymentMethods: methods });
    },
  };
  return { api, signals };
}

/**
 * The same reducers the app mounts, without sagas: a component test asserts the actions it
 * dispatched (recorded in `actions`) and renders whatever state the test drives the store to.
 */
export function setupStore(preloadedState?: Partial<PaymentsState>) {
  const actions: UnknownAction[] = [];
  const recorder: Middleware = () => (next) => (action) => {
    actions.push(action as UnknownAction);
    return next(action);
  };
  const store = configureStore({
    // combineReducers only so a partial preloadedState type-checks; the reducers are the app's.
    reducer: combineReducers(paymentsReducers),
    preloadedState,
    middleware: (getDefaultMiddleware) => getDefaultMiddleware().concat(recorder),
  });
  return Object.assign(store, { actions });
}

export type TestStore = ReturnType<typeof setupStore>;

/** The recorded actions one action creator made, e.g. `dispatched(store, cancelRequested)`. */
export function dispatched<A extends UnknownAction>(
  store: TestStore,
  creator: { match: (action: unknown) => action is A },
): A[] {
  return store.actions.filter((action) => creator.match(action));
}

/** Drives the store from the test, as a saga or the socket would, and lets React re-render. */
export function dispatchInAct(store: TestStore, action: UnknownAction): void {
  act(() => {
    store.dispatch(action);
  });
}

interface ProvidersOptions extends Omit<RenderOptions, 'queries' | 'wrapper'> {
  preloadedState?: Partial<PaymentsState>;
  store?: TestStore;
  methodsApi?: MethodsApi;
  /** Wraps everything in a <PaymentFlowsProvider> with these props (none by default). */
  settings?: Omit<PaymentFlowsProviderProps, 'children'>;
}

export function renderWithProviders(ui: ReactElement, options: ProvidersOptions = {}) {
  const {
    preloadedState,
    store = setupStore(preloadedState),
    methodsApi = fakeMethodsApi().api,
    settings,
    ...renderOptions
  } = options;
  function Wrapper({ children }: { children: ReactNode }) {
    const content = (
      <Provider store={store}>
        <PaymentMethodsProvider api={methodsApi}>{children}</PaymentMethodsProvider>
      </Provider>
    );
    return settings ? (
      <PaymentFlowsProvider {...settings}>{content}</PaymentFlowsProvider>
    ) : (
      content
    );
  }
  return {
    store,
    user: userEvent.setup(),
    ...render(ui, { wrapper: Wrapper, ...renderOptions }),
  };
}
