/** @jest-environment jsdom */
import { act, screen, within } from '@testing-library/react';
import {
  cancelRequested,
  flowCancelled,
  paymentSubmitted,
  redirectRequested,
  retryRequested,
} from '../../src/payments/paymentFlowsSlice';
import { selectFlowById } from '../../src/payments/selectors';
import {
  socketConnected,
  socketDisconnected,
  socketReconnectAttempted,
} from '../../src/payments/socket/connectionSlice';
import { draft, flowAwaitingPayment, flowInServerStatus, serverUpdate, T0 } from './flowFixtures';
import { renderFlow } from './renderPaymentFlow';
import { dispatched, dispatchInAct, renderWithProviders, setupStore } from './test-utils';
import { PaymentFlow } from '../../src/components/paymentFlow/PaymentFlow';

const declined = { code: 'card_declined', message: 'Your card was declined.', retriable: true };
const challenge = { type: 'redirectToUrl' as const, url: 'https://bank.example/3ds/pay_1' };

test('Pay dispatches paymentSubmitted with the chosen method, then cannot be pressed again', async () => {
  const store = setupStore();
  const { flowId } = flowAwaitingPayment(store);
  const { user } = await renderFlow(store, flowId);
  await user.click(await screen.findByRole('radio', { name: 'Visa ending in 3155' }));
  await user.click(screen.getByRole('button', { name: 'Pay €50.00' }));

  expect(dispatched(store, paymentSubmitted).map((a) => a.payload)).toEqual([
    { flowId, paymentMethodId: 'pm_card_3ds', at: expect.any(Number) as number },
  ]);
  const paying = screen.getByRole('button', { name: 'Paying €50.00…' });
  expect(paying).toBeDisabled();
  await user.click(paying);
  expect(dispatched(store, paymentSubmitted)).toHaveLength(1);
});

test('Continue to 3-D Secure hands the next action url to onRedirect, once', async () => {
  const store = setupStore();
  const { flowId } = flowInServerStatus(store, 'requiresAction', { nextAction: challenge });
  const onRedirect = jest.fn();
  const { user } = await renderFlow(store, flowId, onRedirect);
  const button = screen.getByRole('button', { name: 'Continue to 3-D Secure' });
  await user.click(button);
  expect(onRedirect).toHaveBeenCalledWith(challenge.url);
  expect(button).toBeDisabled();
  expect(dispatched(store, redirectRequested)).toHaveLength(0);
});

test('without onRedirect, 3-D Secure goes through the store so the flow is saved first', async () => {
  const store = setupStore();
  const { flowId } = flowInServerStatus(store, 'requiresAction', { nextAction: challenge });
  const { user } = await renderFlow(store, flowId);
  await user.click(screen.getByRole('button', { name: 'Continue to 3-D Secure' }));
  expect(dispatched(store, redirectRequested).map((a) => a.payload.flowId)).toEqual([flowId]);
});

test('"Try another card" dispatches retryRequested; a final failure offers no retry', async () => {
  const store = setupStore();
  const { flowId } = flowInServerStatus(store, 'failed', { failure: declined });
  const { user } = await renderFlow(store, flowId);
  expect(screen.getByText(/choose another one/)).toBeVisible();
  await user.click(screen.getByRole('button', { name: 'Try another card' }));
  expect(dispatched(store, retryRequested).map((a) => a.payload.flowId)).toEqual([flowId]);
  expect(selectFlowById(store.getState(), flowId)?.status).toBe('awaitingPayment');

  const final = flowInServerStatus(store, 'failed', {
    failure: { code: 'fraud', message: 'Blocked by the bank.', retriable: false },
  });
  const { unmount } = await renderFlow(store, final.flowId);
  expect(screen.getByRole('alert')).toHaveTextContent('Something went wrong.');
  expect(screen.queryByRole('button', { name: 'Try another card' })).not.toBeInTheDocument();
  expect(screen.getByText(/cannot be retried/)).toBeVisible();
  unmount();
});

test('after "Try another card" no card is preselected: one click on Pay cannot repeat the decline', async () => {
  const store = setupStore();
  const { flowId } = flowInServerStatus(store, 'failed', { failure: declined });
  const { user } = await renderFlow(store, flowId);
  await user.click(screen.getByRole('button', { name: 'Try another card' }));

  const pay = screen.getByRole('button', { name: /^Pay / });
  expect(screen.queryByRole('radio', { checked: true })).not.toBeInTheDocument();
  expect(pay).toBeDisabled();
  await user.click(screen.getAllByRole('radio')[0] as HTMLElement);
  expect(pay).toBeEnabled();
});

test('the payment step says what is being paid for: the resource, when, for how long', async () => {
  const store = setupStore();
  const { flowId } = flowAwaitingPayment(
    store,
    draft({ resourceId: 'cedar', durationMinutes: 90 }),
  );
  renderWithProviders(
    <PaymentFlow flowId={flowId} resources={[{ id: 'cedar', name: 'Cedar studio' }]} />,
    { store },
  );
  await act(() => Promise.resolve());

  const step = screen.getByRole('region', { name: 'Payment' });
  expect(within(step).getByText('Cedar studio')).toBeVisible();
  // Not /90/ alone: the hold countdown's minutes (the fixture's hold is years ahead of the
  // real clock) contain "90" in some minutes of the day, and the query then found two.
  expect(within(step).getByText(/\b90 minutes\b/)).toBeVisible();
});

test('saved methods that fail to load are reported in the host’s words, with a retry', async () => {
  const store = setupStore();
  const { flowId } = flowAwaitingPayment(store);
  await renderFlow(store, flowId, undefined, {
    methodsApi: { listPaymentMethods: () => Promise.reject(new Error('503 from the server')) },
    settings: {
      messages: { methodsLoadError: 'Ihre Zahlungsmittel konnten nicht geladen werden.' },
    },
  });

  expect(screen.getByRole('alert')).toHaveTextContent(
    'Ihre Zahlungsmittel konnten nicht geladen werden.',
  );
  expect(screen.queryByText(/503/)).not.toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Try again' })).toBeEnabled();
});

test('while "Cancel this booking?" waits for an answer, Pay waits too', async () => {
  const store = setupStore();
  const { flowId } = flowAwaitingPayment(store);
  const { user } = await renderFlow(store, flowId);
  const pay = screen.getByRole('button', { name: /^Pay / });
  expect(pay).toBeEnabled();

  await user.click(screen.getByRole('button', { name: 'Cancel booking…' }));
  expect(pay).toBeDisabled();
  await user.click(screen.getByRole('button', { name: 'Keep booking' }));
  expect(pay).toBeEnabled();
});

test('Cancel asks first: nothing is dispatched until "Yes, cancel booking"', async () => {
  const store = setupStore();
  const { flowId } = flowAwaitingPayment(store);
  const { user } = await renderFlow(store, flowId);
  const ask = screen.getByRole('button', { name: 'Cancel booking…' });
  await user.click(ask);

  expect(dispatched(store, cancelRequested)).toHaveLength(0);
  const question = screen.getByRole('group', { name: 'Cancel this booking?' });
  expect(question).toHaveAccessibleDescription('The slot held for you will be released.');
  // The safe answer has focus, so Enter or Space by habit cancels nothing.
  expect(within(question).getByRole('button', { name: 'Keep booking' })).toHaveFocus();
  await user.keyboard('{Enter}');
  expect(dispatched(store, cancelRequested)).toHaveLength(0);
  expect(screen.queryByRole('group', { name: 'Cancel this booking?' })).not.toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Cancel booking…' })).toHaveFocus();

  await user.keyboard('{Enter}');
  expect(screen.getByRole('group', { name: 'Cancel this booking?' })).toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Yes, cancel booking' }));
  expect(dispatched(store, cancelRequested).map((a) => a.payload.flowId)).toEqual([flowId]);
  expect(screen.getByRole('heading', { name: 'Cancelling your booking…' })).toBeVisible();
  expect(screen.queryByRole('button', { name: /Cancel booking|^Pay / })).not.toBeInTheDocument();

  dispatchInAct(store, flowCancelled({ flowId, at: T0 + 20 }));
  expect(screen.getByRole('heading', { name: 'Booking cancelled' })).toBeVisible();
});

test('Escape in the cancel question backs out of the question only', async () => {
  const store = setupStore();
  const { flowId } = flowAwaitingPayment(store);
  const onEscape = jest.fn();
  document.addEventListener('keydown', onEscape);
  try {
    const { user } = await renderFlow(store, flowId);
    await user.click(screen.getByRole('button', { name: 'Cancel booking…' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('group', { name: 'Cancel this booking?' })).not.toBeInTheDocument();
    expect(onEscape).not.toHaveBeenCalled();
    expect(dispatched(store, cancelRequested)).toHaveLength(0);
  } finally {
    document.removeEventListener('keydown', onEscape);
  }
});

test('offers no Cancel while the payment is being processed', async () => {
  const store = setupStore();
  const { flowId } = flowInServerStatus(store, 'processing');
  await renderFlow(store, flowId);
  expect(screen.queryByRole('button', { name: /Cancel booking/ })).not.toBeInTheDocument();
});

test('the aria-live region announces each status change in words', async () => {
  const store = setupStore();
  const { flowId, paymentId } = flowAwaitingPayment(store);
  await renderFlow(store, flowId);
  const live = screen.getByRole('status', { name: 'Payment status' });
  expect(live).toHaveAttribute('aria-live', 'polite');
  expect(live).toHaveTextContent('Your slot is held. Choose a payment method.');

  dispatchInAct(store, paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: T0 + 3 }));
  expect(live).toHaveTextContent('Confirming your payment.');
  dispatchInAct(store, serverUpdate(paymentId, 'processing', 2));
  expect(live).toHaveTextContent('Your payment is being processed.');
  dispatchInAct(store, serverUpdate(paymentId, 'succeeded', 3));
  expect(live).toHaveTextContent('Payment complete. Your booking is confirmed.');
  expect(screen.getByRole('status', { name: 'Payment status' })).toBe(live);
});

test('the connection banner follows the connection slice', async () => {
  const store = setupStore();
  const { flowId } = flowAwaitingPayment(store);
  await renderFlow(store, flowId);
  const banner = screen.getByRole('status', { name: 'Connection' });
  expect(banner).toBeEmptyDOMElement();

  dispatchInAct(store, socketConnected({ at: T0 }));
  dispatchInAct(store, socketDisconnected({ reason: 'transport close', at: 4 }));
  expect(banner).toHaveTextContent('Reconnecting… your payment is safe.');
  dispatchInAct(store, socketReconnectAttempted({ attempt: 4, at: 5 }));
  // The browser is online: it is the booking system that cannot be reached.
  expect(banner).toHaveTextContent(
    'The booking system cannot be reached right now. Your payment is safe',
  );
  const onLine = jest.spyOn(window.navigator, 'onLine', 'get').mockReturnValue(false);
  try {
    act(() => {
      window.dispatchEvent(new Event('offline'));
    });
    expect(banner).toHaveTextContent('You are offline. Your payment is safe');
  } finally {
    onLine.mockRestore();
  }
  dispatchInAct(store, socketConnected({ at: T0 + 1 }));
  expect(banner).toBeEmptyDOMElement();
});

describe('hold countdown', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  test('shows mm:ss to the server deadline, ticks each second, and stops on unmount', async () => {
    const store = setupStore();
    const { flowId } = flowAwaitingPayment(store);
    const { unmount } = await renderFlow(store, flowId);
    const timer = screen.getByRole('timer');
    expect(timer).toHaveTextContent('Your slot is held for 10:00');

    actAdvance(1_000);
    expect(timer).toHaveTextContent('09:59');
    actAdvance(59_000);
    expect(timer).toHaveTextContent('09:00');
    actAdvance(9 * 60_000 + 30_000);
    expect(timer).toHaveTextContent('00:00');

    unmount();
    expect(jest.getTimerCount()).toBe(0);
  });

  test('is gone once money is moving: a processing payment never expires', async () => {
    const store = setupStore();
    const { flowId, paymentId } = flowAwaitingPayment(store);
    await renderFlow(store, flowId);
    expect(screen.getByRole('timer')).toBeVisible();
    dispatchInAct(store, paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: T0 }));
    dispatchInAct(store, serverUpdate(paymentId, 'processing', 2));
    expect(screen.queryByRole('timer')).not.toBeInTheDocument();
  });
});

/** Inside act(), so React renders each tick before the assertion. */
function actAdvance(ms: number): void {
  act(() => {
    jest.advanceTimersByTime(ms);
  });
}

/** The not-found view lists no methods: an API that never answers changes nothing after the test. */
const methodsNeverAnswer = { listPaymentMethods: () => new Promise<never>(() => undefined) };

test('a flow the store no longer holds is said so, with the host’s way to start a new booking', async () => {
  const onStartNewBooking = jest.fn();
  const { user } = renderWithProviders(
    <PaymentFlow flowId="retired-flow" onStartNewBooking={onStartNewBooking} />,
    { methodsApi: methodsNeverAnswer },
  );
  expect(screen.getByRole('alert')).toHaveTextContent('This payment could not be found.');
  await user.click(screen.getByRole('button', { name: 'Start a new booking' }));
  expect(onStartNewBooking).toHaveBeenCalledTimes(1);
});

test('without a way to start a new booking, a flow the store no longer holds offers no button', () => {
  renderWithProviders(<PaymentFlow flowId="retired-flow" />, { methodsApi: methodsNeverAnswer });
  expect(screen.getByRole('alert')).toHaveTextContent('This payment could not be found.');
  expect(screen.queryByRole('button')).not.toBeInTheDocument();
});
