// Shared by the react18 and react19 fixtures (copied into each as shared/). Renders the
// published components with the React the fixture installs (its package.json names it): UserBookingModal (open) and PaymentFlow for a flow from makePaymentsTestStore, inside
// <Provider> and <PaymentMethodsProvider>, with react-dom/client's createRoot and act, in
// jsdom. An API that this React lacks (useEffectEvent before 19.2, <Context> as a provider
// before 19) throws or logs here, and either fails the check.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { JSDOM } from 'jsdom';
import { flowAwaitingPayment } from './flowAwaitingPayment.mjs';

const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const expectedMajor = manifest.devDependencies.react.split('.')[0];

// ---- jsdom as the global environment, before react-dom loads (it looks for a DOM once). ----
const dom = new JSDOM('<!doctype html><html><body></body></html>', {
  url: 'http://localhost/book',
  pretendToBeVisual: true,
});
for (const key of Object.getOwnPropertyNames(dom.window)) {
  if (key in globalThis) continue;
  try {
    globalThis[key] = dom.window[key];
  } catch {
    // a few accessors refuse to be read outside the window; nothing here needs them
  }
}
Object.assign(globalThis, { window: dom.window, document: dom.window.document });
globalThis.IS_REACT_ACT_ENVIRONMENT = true;

// Anything React (or the library) reports as an error fails the check. React's "not wrapped in
// act" warning can only come from the countdown's one-second tick landing between two steps of
// this script: a harness artifact, so it is the one message tolerated.
const errors = [];
const consoleError = console.error;
console.error = (...args) => {
  const text = args.map(String).join(' ');
  if (/not wrapped in act/.test(text)) return;
  errors.push(text);
  consoleError(...args);
};

const React = await import('react');
const ReactDOM = await import('react-dom');
const { createRoot } = await import('react-dom/client');
const { Provider } = await import('react-redux');
const core = await import('payment-flows');
const { PaymentFlow, PaymentMethodsProvider, UserBookingModal } =
  await import('payment-flows/react');
const act = React.act ?? (await import('react-dom/test-utils')).act;
const h = React.createElement;

assert.equal(React.version.split('.')[0], expectedMajor, `react ${React.version} installed`);
assert.equal(ReactDOM.version.split('.')[0], expectedMajor, `react-dom ${ReactDOM.version}`);

// ---- A flow in awaitingPayment, reached through the actions the sagas dispatch. ----
const { store, flowId } = flowAwaitingPayment(core);
assert.equal(core.selectFlowById(store.getState(), flowId)?.status, 'awaitingPayment');

const methodsApi = {
  listPaymentMethods: async () => ({
    paymentMethods: [
      { id: 'pm_card_visa', brand: 'visa', last4: '4242', label: 'Visa ending in 4242' },
    ],
  }),
};
let closes = 0;
function Host() {
  const [open, setOpen] = React.useState(true);
  return h(
    React.Fragment,
    null,
    h(PaymentFlow, { flowId }),
    h(UserBookingModal, {
      open,
      onClose: () => {
        closes += 1;
        setOpen(false);
      },
      resources: [{ id: 'room-1', name: 'Room 1' }],
    }),
  );
}

const container = document.createElement('div');
document.body.append(container);
const root = createRoot(container);
await act(async () => {
  root.render(h(Provider, { store }, h(PaymentMethodsProvider, { api: methodsApi }, h(Host))));
});
await act(async () => {}); // the saved methods arrive

// The modal: a labelled modal dialog with the booking form, focus inside, the page inert.
const dialog = document.querySelector('[role="dialog"]');
assert.ok(dialog, 'the dialog is rendered');
assert.equal(dialog.getAttribute('aria-modal'), 'true');
for (const text of ['Book a resource', 'Resource', 'Room 1', 'Confirm booking', 'Close']) {
  assert.ok(dialog.textContent.includes(text), `the dialog shows "${text}"`);
}
assert.ok(dialog.contains(document.activeElement), 'focus moved into the dialog');
assert.ok(container.hasAttribute('inert'), 'the page behind the dialog is inert');

// The payment step of the flow.
const payment = container.querySelector('section[aria-label="Payment"]');
assert.ok(payment, 'the payment step is rendered');
for (const text of [
  'Pay for your booking',
  'Visa ending in 4242',
  'Pay €50.00',
  'Your slot is held for',
  'Cancel booking',
]) {
  assert.ok(payment.textContent.includes(text), `the payment step shows "${text}"`);
}

// Escape closes the dialog through the host's onClose; the page is live again.
await act(async () => {
  document.activeElement.dispatchEvent(
    new window.KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }),
  );
});
assert.equal(closes, 1, 'onClose called once by Escape');
assert.equal(document.querySelector('[role="dialog"]'), null, 'the dialog is gone');
assert.ok(!container.hasAttribute('inert'), 'the page is no longer inert');

// Paying dispatches to the store, and the store's change re-renders the step.
const pay = [...payment.querySelectorAll('button')].find((b) => b.textContent === 'Pay €50.00');
await act(async () => {
  pay.click();
});
assert.equal(core.selectFlowById(store.getState(), flowId)?.status, 'confirmingPayment');
assert.ok(
  payment.textContent.includes('Confirming your payment'),
  'the step shows the payment under way',
);

await act(async () => {
  root.unmount();
});
dom.window.close();
assert.deepEqual(errors, [], 'console.error was called');
console.log(
  `react${expectedMajor}: react ${React.version}, react-dom ${ReactDOM.version}: modal and payment step rendered, Escape closed, Pay dispatched`,
);
process.exit(0);
