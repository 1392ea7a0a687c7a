import { createContext, useContext } from 'react';
import type { SavedPaymentMethod } from '../../payments/apiSchemas.js';

export type PaymentMethodsStatus = 'loading' | 'ready' | 'error';

/** The user's saved payment methods. Deliberately knows nothing about payment flows. */
export interface PaymentMethodsValue {
  methods: readonly SavedPaymentMethod[];
  /** The method preselected for a payment: the first one the server lists. */
  defaultMethodId: string | undefined;
  /** On `error`, the components say so in the host's words (`messages.methodsLoadError`). */
  status: PaymentMethodsStatus;
  reload: () => void;
  /** Adds (or replaces, by id) a method in this session only; for demos and tests. */
  addTestMethod: (method: SavedPaymentMethod) => void;
}

export const PaymentMethodsContext = createContext<PaymentMethodsValue | null>(null);

export function usePaymentMethods(): PaymentMethodsValue {
  const value = useContext(PaymentMethodsContext);
  if (value === null) {
    throw new Error('usePaymentMethods must be used inside a <PaymentMethodsProvider>.');
  }
  return value;
}
