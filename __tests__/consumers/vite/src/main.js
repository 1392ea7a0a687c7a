// Vite's defaults: no config file. Every entry as a namespace (so every file is built) and
// the components' stylesheet, as a host imports them.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import * as core from 'payment-flows';
import * as protocol from 'payment-flows/protocol';
import * as react from 'payment-flows/react';
import 'payment-flows/styles.css';

window.paymentFlows = { core, react, protocol };

const { store, api } = core.createPaymentsStore({
  api: { baseUrl: '/api' },
  socket: { url: window.location.origin },
  storage: { storage: window.localStorage },
  devTools: import.meta.env.DEV,
});

createRoot(document.getElementById('root')).render(
  createElement(
    Provider,
    { store },
    createElement(
      react.PaymentMethodsProvider,
      { api },
      createElement(react.UserBookingModal, {
        open: true,
        onClose: () => undefined,
        resources: [{ id: 'room-1', name: 'Room 1' }],
      }),
    ),
  ),
);
