import { act } from '@testing-library/react';
import { PaymentFlow } from '../../src/components/paymentFlow/PaymentFlow';
import type { PaymentFlowsProviderProps } from '../../src/components/ui/PaymentFlowsProvider';
import { renderWithProviders, type MethodsApi, type TestStore } from './test-utils';

/** Renders the flow and lets the provider's (fake) API deliver the saved methods. */
export async function renderFlow(
  store: TestStore,
  flowId: string,
  onRedirect?: (url: string) => void,
  options: { settings?: Omit<PaymentFlowsProviderProps, 'children'>; methodsApi?: MethodsApi } = {},
) {
  const result = renderWithProviders(
    <PaymentFlow flowId={flowId} {...(onRedirect ? { onRedirect } : {})} />,
    { store, ...options },
  );
  await act(() => Promise.resolve());
  return result;
}
