/** @jest-environment jsdom */
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Provider } from 'react-redux';
import { PaymentFlow } from '../../../src/components/paymentFlow/PaymentFlow';
import { PaymentMethodsProvider } from '../../../src/components/paymentMethods/PaymentMethodsProvider';
import { flowStarted, paymentSubmitted } from '../../../src/payments/paymentFlowsSlice';
import { makeTestStore, uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import { bookingReply, snapshotReply } from '../../payments/sagas/fixtures';
import { fakeMethodsApi } from '../test-utils';

const challenge = { type: 'redirectToUrl', url: 'https://bank.example/3ds/pay' };

/**
 * A server whose payments all need 3-D Secure. Response-like answers, as jsdom has no `Response`.
 */
function threeDsServer() {
  const booking = bookingReply();
  const { paymentId } = booking.body.payment;
  const reply = ({ status, body }: { status: number; body: unknown }) =>
    Promise.resolve({
      ok: status < 300,
      status,
      headers: { get: () => null },
      text: () => Promise.resolve(JSON.stringify(body)),
    } as unknown as Response);
  return (url: string, init: RequestInit) =>
    init.method === 'POST' && url.endsWith('/api/bookings')
      ? reply(booking)
      : reply(snapshotReply(paymentId, 'requiresAction', 2, { nextAction: challenge }));
}

const running: { cancel: () => void }[] = [];
afterEach(() => {
  for (const task of running.splice(0)) task.cancel();
});

test('a navigation to 3-D Secure that fails leaves "Continue to 3-D Secure" to be pressed again', async () => {
  const navigations: string[] = [];
  const { store, sagaTask } = makeTestStore({
    api: { baseUrl: 'http://api.test', fetch: threeDsServer() },
    navigate: (url) => {
      navigations.push(url);
      throw new Error('the host router is broken');
    },
  });
  running.push(sagaTask);
  const { flowId } = store.dispatch(flowStarted(uniqueDraft())).payload;
  await waitForStatus(store, flowId, 'awaitingPayment');
  store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_3ds', at: Date.now() }));
  await waitForStatus(store, flowId, 'requiresAction');
  const user = userEvent.setup();
  render(
    <Provider store={store}>
      <PaymentMethodsProvider api={fakeMethodsApi().api}>
        <PaymentFlow flowId={flowId} />
      </PaymentMethodsProvider>
    </Provider>,
  );
  await act(() => Promise.resolve());

  await user.click(screen.getByRole('button', { name: 'Continue to 3-D Secure' }));
  await act(() => Promise.resolve());
  expect(navigations).toEqual([challenge.url]);

  // The flow is still in requiresAction (the sagas' word: "the user can try again").
  expect(screen.getByRole('button', { name: 'Continue to 3-D Secure' })).toBeEnabled();
  await user.click(screen.getByRole('button', { name: 'Continue to 3-D Secure' }));
  await act(() => Promise.resolve());
  expect(navigations).toEqual([challenge.url, challenge.url]);
});
