import type { Middleware } from '@reduxjs/toolkit';
import { flowStarted } from '../../src/payments/paymentFlowsSlice';
import { createMemoryStorage } from '../helpers/memoryStorage';
import { uniqueDraft, waitForStatus } from '../helpers/paymentsTestStore';
import { createScriptedFetch } from '../helpers/scriptedFetch';
import { closeAllApps, rehydrated, startApp, storedFlow } from './persistence/persistenceHarness';
import { BOOKINGS, bookingReply, setup, stopSagas } from './sagas/fixtures';

afterEach(async () => {
  stopSagas();
  await closeAllApps();
});

// A host middleware (the `middleware` option) that hands the reducers a copy of each action,
// e.g. to stamp it: an ordinary Redux middleware.
const stamping: Middleware = () => (next) => (action) =>
  next({ ...(action as object), meta: { stampedAt: 1 } });

describe('a host middleware that passes a copy of the action on', () => {
  it('still has the flow driven (no storage)', async () => {
    const { server, store } = setup({ middleware: [stamping] });
    server.script(BOOKINGS, bookingReply());
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));
    await waitForStatus(store, payload.flowId, 'awaitingPayment');
    expect(server.requestsTo(BOOKINGS)).toHaveLength(1);
  });

  it('still has the flow driven and saved (with storage)', async () => {
    const server = createScriptedFetch();
    server.script(BOOKINGS, bookingReply());
    const memory = createMemoryStorage();
    const app = startApp({
      memory,
      middleware: [stamping],
      api: { baseUrl: server.baseUrl, fetch: server.fetch },
    });
    await rehydrated(app);
    const { payload } = app.store.dispatch(flowStarted(uniqueDraft()));
    await waitForStatus(app.store, payload.flowId, 'awaitingPayment');
    await app.persistor.flush();
    expect(storedFlow(memory, payload.flowId)?.status).toBe('awaitingPayment');
  });
});
