import { act } from '@testing-library/react';
import { PaymentFlow } from '../../src/components/paymentFlow/PaymentFlow';
import { renderWithProviders, type TestStore } from './test-utils';

/** Renders the flow and lets the provider's (fake) API deliver the saved methods. */
export async function renderFlow(
  store: TestStore,
  flowId: string,
  onRedirect?: (url: string) => void,
) {
  const result = renderWithProviders(
    <PaymentFlow flowId={flowId} {...(onRedirect ? { onRedirect } : {})} />,
    { store },
  );
  await act(() => Promise.resolve());
  return result;
}
