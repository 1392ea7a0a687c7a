/** @jest-environment jsdom */
import { act, render, screen } from '@testing-library/react';
import { usePaymentMethods } from '../../src/components/paymentMethods/paymentMethodsContext';
import type { PaymentsApi } from '../../src/payments/apiClient';
import { ApiError } from '../../src/payments/apiError';
import { renderWithProviders, threeDs, visa, type MethodsApi } from './test-utils';

/** Shows everything the context offers, the way a payment step would read it. */
function MethodsProbe() {
  const { methods, defaultMethodId, status, reload, addTestMethod } = usePaymentMethods();
  return (
    <div>
      <p>status: {status}</p>
      <p>default: {defaultMethodId ?? 'none'}</p>
      <ul aria-label="methods">
        {methods.map((method) => (
          <li key={method.id}>{method.label}</li>
        ))}
      </ul>
      <button type="button" onClick={reload}>
        Reload
      </button>
      <button
        type="button"
        onClick={() => {
          addTestMethod({ id: 'pm_card_slow', brand: 'visa', last4: '1881', label: 'Slow card' });
        }}
      >
        Add test card
      </button>
    </div>
  );
}

type Answer = Awaited<ReturnType<PaymentsApi['listPaymentMethods']>>;

/** An API whose answers the test hands out one call at a time. */
function scriptedApi() {
  const calls: {
    signal: AbortSignal | undefined;
    resolve: (a: Answer) => void;
    reject: (e: unknown) => void;
  }[] = [];
  const api: MethodsApi = {
    listPaymentMethods: (signal) =>
      new Promise<Answer>((resolve, reject) => {
        calls.push({ signal, resolve, reject });
      }),
  };
  return { api, calls };
}

const listed = () => screen.getByRole('list', { name: 'methods' }).textContent;

test('loads the saved methods on mount and preselects the first', async () => {
  const { api, calls } = scriptedApi();
  renderWithProviders(<MethodsProbe />, { methodsApi: api });
  expect(screen.getByText('status: loading')).toBeInTheDocument();
  expect(calls).toHaveLength(1);

  calls[0]!.resolve({ paymentMethods: [threeDs, visa] });
  expect(await screen.findByText('status: ready')).toBeInTheDocument();
  expect(screen.getByText('default: pm_card_3ds')).toBeInTheDocument();
  expect(listed()).toBe('Visa ending in 3155Visa ending in 4242');
});

test('shows an error state, and reload loads again', async () => {
  const { api, calls } = scriptedApi();
  const { user } = renderWithProviders(<MethodsProbe />, { methodsApi: api });
  calls[0]!.reject(new ApiError('http', 'internal_error', 'boom', 500));
  // The state only: the components word it in the host's messages (methodsLoadError).
  expect(await screen.findByText('status: error')).toBeInTheDocument();

  await user.click(screen.getByRole('button', { name: 'Reload' }));
  expect(screen.getByText('status: loading')).toBeInTheDocument();
  expect(calls).toHaveLength(2);
  calls[1]!.resolve({ paymentMethods: [visa] });
  expect(await screen.findByText('status: ready')).toBeInTheDocument();
  expect(listed()).toBe('Visa ending in 4242');
});

test('aborts the request on unmount', () => {
  const { api, calls } = scriptedApi();
  const { unmount } = renderWithProviders(<MethodsProbe />, { methodsApi: api });
  expect(calls[0]!.signal?.aborted).toBe(false);
  unmount();
  expect(calls[0]!.signal?.aborted).toBe(true);
});

test('a reload supersedes the load before it: the older answer is dropped', async () => {
  const { api, calls } = scriptedApi();
  const { user } = renderWithProviders(<MethodsProbe />, { methodsApi: api });
  await user.click(screen.getByRole('button', { name: 'Reload' }));
  expect(calls[0]!.signal?.aborted).toBe(true);
  calls[1]!.resolve({ paymentMethods: [threeDs] });
  expect(await screen.findByText('status: ready')).toBeInTheDocument();
  await act(async () => {
    calls[0]!.resolve({ paymentMethods: [visa] });
    await Promise.resolve();
  });
  expect(listed()).toBe('Visa ending in 3155');
});

test('addTestMethod adds a method for this session', async () => {
  const { user } = renderWithProviders(<MethodsProbe />);
  expect(await screen.findByText('status: ready')).toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Add test card' }));
  expect(listed()).toBe('Visa ending in 4242Visa ending in 3155Slow card');
  await user.click(screen.getByRole('button', { name: 'Add test card' }));
  expect(listed()).toBe('Visa ending in 4242Visa ending in 3155Slow card');
  expect(screen.getByText('default: pm_card_visa')).toBeInTheDocument();
});

test('never puts payment methods into redux: no action, no state', async () => {
  const { store, user } = renderWithProviders(<MethodsProbe />);
  expect(await screen.findByText('status: ready')).toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Add test card' }));
  expect(store.actions).toEqual([]);
  const state = JSON.stringify(store.getState());
  expect(state).not.toContain('pm_card');
  expect(state).not.toContain('Visa ending');
});

test('usePaymentMethods outside the provider throws a clear error', () => {
  // React logs the error it rethrows; the assertion is on the throw itself.
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  expect(() => render(<MethodsProbe />)).toThrow(
    'usePaymentMethods must be used inside a <PaymentMethodsProvider>.',
  );
});
