/** @jest-environment node */
import { renderToString } from 'react-dom/server';
import { Provider } from 'react-redux';
import { UserBookingModal } from '../../../src/components/bookingModal/UserBookingModal';
import { PaymentFlow } from '../../../src/components/paymentFlow/PaymentFlow';
import { PaymentMethodsProvider } from '../../../src/components/paymentMethods/PaymentMethodsProvider';
import { makePaymentsTestStore } from '../../../src/index';
import { flowAwaitingPayment } from '../flowFixtures';
import { fakeMethodsApi, type TestStore } from '../test-utils';

// README, "Server-side rendering": render the components over makePaymentsTestStore().
test('the components render on a server (no DOM), the open dialog included', () => {
  const store = makePaymentsTestStore();
  const { flowId } = flowAwaitingPayment(store as unknown as TestStore);
  const render = (ui: React.ReactElement) =>
    renderToString(
      <Provider store={store}>
        <PaymentMethodsProvider api={fakeMethodsApi().api}>{ui}</PaymentMethodsProvider>
      </Provider>,
    );
  expect(render(<PaymentFlow flowId={flowId} />)).toContain('Pay for your booking');
  expect(() =>
    render(<UserBookingModal open onClose={() => undefined} resources={[]} flowId={flowId} />),
  ).not.toThrow();
});
