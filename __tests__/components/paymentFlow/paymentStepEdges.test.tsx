/** @jest-environment jsdom */
import { act, screen } from '@testing-library/react';
import { PaymentFlow } from '../../../src/components/paymentFlow/PaymentFlow';
import { usePaymentMethods } from '../../../src/components/paymentMethods/paymentMethodsContext';
import type { PaymentsApi } from '../../../src/payments/apiClient';
import { paymentOutcomeUnknown, paymentSubmitted } from '../../../src/payments/paymentFlowsSlice';
import { flowAwaitingPayment, flowInServerStatus, serverUpdate } from '../flowFixtures';
import { renderFlow } from '../renderPaymentFlow';
import {
  dispatched,
  dispatchInAct,
  renderWithProviders,
  setupStore,
  threeDs,
  visa,
  type MethodsApi,
} from '../test-utils';

const declined = { code: 'card_declined', message: 'Your card was declined.', retriable: true };

type Answer = Awaited<ReturnType<PaymentsApi['listPaymentMethods']>>;

/** An API whose answers the test hands out one call at a time. */
function scriptedApi() {
  const calls: { resolve: (a: Answer) => void; reject: (e: unknown) => void }[] = [];
  const api: MethodsApi = {
    listPaymentMethods: () =>
      new Promise<Answer>((resolve, reject) => {
        calls.push({ resolve, reject });
      }),
  };
  return { api, calls };
}

async function settle(answer: () => void) {
  await act(async () => {
    answer();
    await Promise.resolve();
  });
}

/** A host control that reloads the saved methods (e.g. after the user added a card). */
function RefreshCards() {
  const { reload } = usePaymentMethods();
  return (
    <button type="button" onClick={reload}>
      Refresh cards
    </button>
  );
}

test('a cancel question the flow moved away from does not come back, nor keep Retry disabled', async () => {
  const store = setupStore();
  const { flowId, paymentId } = flowAwaitingPayment(store);
  const { user } = await renderFlow(store, flowId);
  await user.click(screen.getByRole('button', { name: 'Cancel booking…' }));
  // Meanwhile another tab paid: the server reports processing (no Cancel), then a decline.
  dispatchInAct(store, serverUpdate(paymentId, 'processing', 2));
  expect(screen.queryByRole('group', { name: 'Cancel this booking?' })).not.toBeInTheDocument();
  dispatchInAct(store, serverUpdate(paymentId, 'failed', 3, { failure: declined }));

  expect(screen.queryByRole('group', { name: 'Cancel this booking?' })).not.toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Try another card' })).toBeEnabled();
  expect(screen.getByRole('button', { name: 'Cancel booking…' })).toBeEnabled();
});

test('"Try again" for the saved methods leaves focus in the payment step, not on <body>', async () => {
  const store = setupStore();
  const { flowId } = flowAwaitingPayment(store);
  const { api, calls } = scriptedApi();
  const { user } = await renderFlow(store, flowId, undefined, { methodsApi: api });
  await settle(() => {
    calls[0]!.reject(new Error('503'));
  });
  screen.getByRole('button', { name: 'Try again' }).focus();
  await user.keyboard('{Enter}');

  expect(calls).toHaveLength(2);
  expect(document.body).not.toHaveFocus();
  expect(screen.getByRole('region', { name: 'Payment' })).toContainElement(
    document.activeElement as HTMLElement,
  );
});

test('a host onRedirect that throws does not leave "Continue to 3-D Secure" disabled for good', async () => {
  const store = setupStore();
  const { flowId } = flowInServerStatus(store, 'requiresAction', {
    nextAction: { type: 'redirectToUrl', url: 'https://bank.example/3ds/pay_1' },
  });
  const onRedirect = jest.fn((): void => {
    throw new Error('navigation blocked');
  });
  const { user } = await renderFlow(store, flowId, onRedirect);
  await user.click(screen.getByRole('button', { name: 'Continue to 3-D Secure' }));

  expect(onRedirect).toHaveBeenCalledTimes(1);
  expect(screen.getByRole('button', { name: 'Continue to 3-D Secure' })).toBeEnabled();
});

describe('Pay charges only a method the list shows', () => {
  /** A flow awaiting payment, its saved methods loaded (Visa 4242, the default, and 3155). */
  async function loadedMethods() {
    const store = setupStore();
    const { flowId } = flowAwaitingPayment(store);
    const { api, calls } = scriptedApi();
    const { user } = renderWithProviders(
      <>
        <RefreshCards />
        <PaymentFlow flowId={flowId} />
      </>,
      { store, methodsApi: api },
    );
    await settle(() => {
      calls[0]?.resolve({ paymentMethods: [visa, threeDs] });
    });
    return { store, user, calls };
  }

  test('not the preselected one while the list is replaced by its load error', async () => {
    const { store, user, calls } = await loadedMethods();
    await user.click(screen.getByRole('button', { name: 'Refresh cards' }));
    await settle(() => {
      calls[1]?.reject(new Error('503'));
    });

    expect(screen.getByRole('alert')).toHaveTextContent('could not be loaded');
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Pay €50.00' }));
    expect(dispatched(store, paymentSubmitted)).toHaveLength(0);
  });

  test('not a chosen card that a reload no longer lists', async () => {
    const { store, user, calls } = await loadedMethods();
    await user.click(screen.getByRole('radio', { name: 'Visa ending in 3155' }));
    await user.click(screen.getByRole('button', { name: 'Refresh cards' }));
    await settle(() => {
      calls[1]?.resolve({ paymentMethods: [visa] });
    });

    expect(screen.queryByRole('radio', { checked: true })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Pay €50.00' }));
    expect(dispatched(store, paymentSubmitted)).toHaveLength(0);
  });
});

test('a confirm that never reached the server is said so when Pay comes back, and not after a new Pay', async () => {
  const store = setupStore();
  const { flowId, paymentId } = flowAwaitingPayment(store);
  const { user } = await renderFlow(store, flowId);
  // Pay while the server was unreachable: the confirm's outcome is unknown, so the flow asks.
  dispatchInAct(store, paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: 3 }));
  dispatchInAct(store, paymentOutcomeUnknown({ flowId, reason: 'network_error', at: 4 }));
  expect(screen.getByRole('heading', { name: /Checking the payment status/ })).toBeInTheDocument();
  // Back, the server still waits for a confirm: it never arrived, so nothing was charged.
  dispatchInAct(store, serverUpdate(paymentId, 'awaitingPayment', 1));
  expect(screen.getByRole('alert')).toHaveTextContent(
    'Your payment did not reach us: nothing was charged. You can pay again.',
  );
  expect(screen.getByRole('button', { name: /^Pay/ })).toBeEnabled();
  await user.click(screen.getByRole('button', { name: /^Pay/ }));
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
});

describe('a view switched to another flow keeps nothing of the one it showed', () => {
  test('the cancel question asked on one booking is not asked of the next', async () => {
    const store = setupStore();
    const first = flowAwaitingPayment(store).flowId;
    const second = flowAwaitingPayment(store).flowId;
    const { user, rerender } = renderWithProviders(<PaymentFlow flowId={first} />, { store });
    await act(() => Promise.resolve());
    await user.click(screen.getByRole('button', { name: 'Cancel booking…' }));

    rerender(<PaymentFlow flowId={second} />);

    expect(screen.queryByRole('group', { name: 'Cancel this booking?' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Pay / })).toBeEnabled();
  });

  test('a card chosen for one booking is not preselected after the next one’s decline', async () => {
    const store = setupStore();
    const first = flowAwaitingPayment(store).flowId;
    const second = flowInServerStatus(store, 'failed', { failure: declined });
    // The second booking was declined; it is back to choosing a card, none preselected.
    dispatchInAct(store, serverUpdate(second.paymentId, 'awaitingPayment', 3));
    const { user, rerender } = renderWithProviders(<PaymentFlow flowId={first} />, { store });
    await act(() => Promise.resolve());
    await user.click(screen.getByRole('radio', { name: threeDs.label }));

    rerender(<PaymentFlow flowId={second.flowId} />);

    expect(screen.getByRole('radio', { name: threeDs.label })).not.toBeChecked();
    expect(screen.getByRole('button', { name: /^Pay / })).toBeDisabled();
  });
});
