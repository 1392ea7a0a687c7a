import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import { PersistGate } from 'redux-persist/integration/react';
import { estimatePrice, takeReturnedFlowId } from '../index.js';
import { PaymentFlowsProvider, PaymentMethodsProvider } from '../react.js';
import '../styles.css';
import { DemoApp } from './DemoApp.js';
import { createDemoStore } from './demoStore.js';

const { store, persistor, api } = createDemoStore();
// Back from 3-D Secure: the URL names the flow (and nothing secret); open the modal on it.
const returnedFlowId = takeReturnedFlowId(window.location, window.history);
const root = document.getElementById('root');
if (!root) throw new Error('the demo page needs its #root element');

createRoot(root).render(
  <StrictMode>
    <Provider store={store}>
      <PersistGate loading={<p>Restoring your bookings…</p>} persistor={persistor}>
        {/* The demo backend's pricing; a shop passes its own. */}
        <PaymentFlowsProvider estimatePrice={estimatePrice}>
          <PaymentMethodsProvider api={api}>
            <DemoApp returnedFlowId={returnedFlowId} />
          </PaymentMethodsProvider>
        </PaymentFlowsProvider>
      </PersistGate>
    </Provider>
  </StrictMode>,
);
