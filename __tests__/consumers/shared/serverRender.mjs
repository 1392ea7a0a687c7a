// Shared by the react18 and react19 fixtures (copied into each as shared/). Renders the
// published components on a server (react-dom/server, no DOM), as the README's "Server-side
// rendering" describes: PaymentFlow for a flow from makePaymentsTestStore, and an open
// UserBookingModal (which renders nothing there). Anything React reports (React 18 warns on
// every layout effect in a server render) fails the check.
import assert from 'node:assert/strict';
import { flowAwaitingPayment } from './flowAwaitingPayment.mjs';

const errors = [];
const consoleError = console.error;
console.error = (...args) => {
  errors.push(args.map(String).join(' '));
  consoleError(...args);
};

const React = await import('react');
const { renderToString } = await import('react-dom/server');
const { Provider } = await import('react-redux');
const core = await import('payment-flows');
const { PaymentFlow, PaymentMethodsProvider, UserBookingModal } =
  await import('payment-flows/react');
const h = React.createElement;

assert.equal(typeof document, 'undefined', 'no DOM here');
const { store, flowId } = flowAwaitingPayment(core);
const methodsApi = { listPaymentMethods: async () => ({ paymentMethods: [] }) };
const page = (ui) =>
  renderToString(h(Provider, { store }, h(PaymentMethodsProvider, { api: methodsApi }, ui)));

assert.ok(page(h(PaymentFlow, { flowId })).includes('Pay for your booking'), 'the payment step');
assert.equal(
  page(h(UserBookingModal, { open: true, onClose: () => undefined, resources: [], flowId })),
  '',
  'an open dialog renders nothing on a server',
);
assert.deepEqual(errors, [], 'console.error was called');
console.log(
  `react ${React.version}: server render of PaymentFlow and UserBookingModal, no warning`,
);
