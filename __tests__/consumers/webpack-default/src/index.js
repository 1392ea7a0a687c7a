// webpack's defaults: no config file, so no loaders, no resolve.extensions, no extensionAlias.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import * as core from 'payment-flows';
import { createPaymentsStore, selectActiveFlows } from 'payment-flows';
import * as protocol from 'payment-flows/protocol';
import * as react from 'payment-flows/react';
import { PaymentFlow, PaymentMethodsProvider, UserBookingModal } from 'payment-flows/react';

// Every export kept, so every file of the package is in the build: with `sideEffects: false`
// webpack does not even resolve a re-export that nothing uses, and a broken import there would
// go unseen.
window.paymentFlows = { core, react, protocol };

const { store, api } = createPaymentsStore({
  api: { baseUrl: '/api' },
  socket: { url: window.location.origin },
  storage: { storage: window.localStorage },
});

function App() {
  const [first] = selectActiveFlows(store.getState());
  return createElement(
    PaymentMethodsProvider,
    { api },
    first ? createElement(PaymentFlow, { flowId: first.flowId }) : null,
    createElement(UserBookingModal, {
      open: true,
      onClose: () => undefined,
      resources: [{ id: 'room-1', name: 'Room 1' }],
    }),
  );
}

createRoot(document.getElementById('root')).render(
  createElement(Provider, { store }, createElement(App)),
);
