import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { PaymentsApi } from '../../payments/apiClient.js';
import type { SavedPaymentMethod } from '../../payments/apiSchemas.js';
import {
  PaymentMethodsContext,
  type PaymentMethodsStatus,
  type PaymentMethodsValue,
} from './paymentMethodsContext.js';

export interface PaymentMethodsProviderProps {
  /** Keep it referentially stable: a new object loads the methods again. */
  api: Pick<PaymentsApi, 'listPaymentMethods'>;
  children?: ReactNode;
}

interface LoadState {
  methods: readonly SavedPaymentMethod[];
  status: PaymentMethodsStatus;
  /** Bumped by reload() to run the loading effect again. */
  generation: number;
}

/** Loads the saved payment methods once on mount and shares them with every payment step. */
export function PaymentMethodsProvider({ api, children }: PaymentMethodsProviderProps) {
  const [state, setState] = useState<LoadState>({ methods: [], status: 'loading', generation: 0 });
  const { generation } = state;

  useEffect(() => {
    const controller = new AbortController();
    api.listPaymentMethods(controller.signal).then(
      ({ paymentMethods }) => {
        // A fetch that ignored its signal must not overwrite a newer load.
        if (controller.signal.aborted) return;
        setState((s) => ({ methods: paymentMethods, status: 'ready', generation: s.generation }));
      },
      () => {
        if (controller.signal.aborted) return;
        setState((s) => ({ ...s, status: 'error' }));
      },
    );
    return () => {
      controller.abort();
    };
  }, [api, generation]);

  const reload = useCallback(() => {
    setState((s) => ({ methods: s.methods, status: 'loading', generation: s.generation + 1 }));
  }, []);
  const addTestMethod = useCallback((method: SavedPaymentMethod) => {
    setState((s) => ({
      ...s,
      methods: [...s.methods.filter((m) => m.id !== method.id), method],
    }));
  }, []);

  const value = useMemo<PaymentMethodsValue>(
    () => ({
      methods: state.methods,
      defaultMethodId: state.methods[0]?.id,
      status: state.status,
      reload,
      addTestMethod,
    }),
    [state.methods, state.status, reload, addTestMethod],
  );
  return <PaymentMethodsContext.Provider value={value}>{children}</PaymentMethodsContext.Provider>;
}
