import { flowStarted } from '../../../src/payments/paymentFlowsSlice';
import { selectFlowById } from '../../../src/payments/selectors';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import { BOOKINGS, bookingReply } from '../sagas/fixtures';
import {
  closeAllApps,
  persistedFlow,
  rehydrated,
  startApp,
  STORAGE_KEY,
  storedValue,
} from './persistenceHarness';

afterEach(closeAllApps);

describe('a flow started as the store is created (the README’s own example)', () => {
  it('is kept, and booked, when storage already holds a saved flow', async () => {
    const saved = persistedFlow({
      status: 'awaitingPayment',
      bookingId: 'bk_saved',
      paymentId: 'pay_saved',
      serverSeq: 1,
      holdExpiresAt: Date.now() + 60_000,
    });
    const server = createScriptedFetch();
    server.script(BOOKINGS, bookingReply());
    const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue([saved]) });
    const app = startApp({ memory, api: { baseUrl: server.baseUrl, fetch: server.fetch } });

    // As in README "Use it": dispatched right after createPaymentsStore.
    const { payload } = app.store.dispatch(flowStarted(uniqueDraft()));
    await rehydrated(app);

    // The saved flow is back, and the one the user just confirmed is still there.
    expect(selectFlowById(app.store.getState(), saved.flowId)?.status).toBe('awaitingPayment');
    expect(selectFlowById(app.store.getState(), payload.flowId)).toBeDefined();
    await waitForStatus(app.store, payload.flowId, 'awaitingPayment');
    expect(server.requestsTo(BOOKINGS)).toHaveLength(1);
  });

  it('is kept when storage holds only what an earlier session left (no flow in progress)', async () => {
    const server = createScriptedFetch();
    server.script(BOOKINGS, bookingReply());
    const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue([]) });
    const app = startApp({ memory, api: { baseUrl: server.baseUrl, fetch: server.fetch } });

    const { payload } = app.store.dispatch(flowStarted(uniqueDraft()));
    await rehydrated(app);

    expect(selectFlowById(app.store.getState(), payload.flowId)).toBeDefined();
  });

  it('gives way to a restored flow for the same booking draft, as a second Confirm would', async () => {
    const saved = persistedFlow({
      status: 'awaitingPayment',
      bookingId: 'bk_same_draft',
      paymentId: 'pay_same_draft',
      serverSeq: 1,
      holdExpiresAt: Date.now() + 60_000,
    });
    const server = createScriptedFetch();
    const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue([saved]) });
    const app = startApp({ memory, api: { baseUrl: server.baseUrl, fetch: server.fetch } });

    const { payload } = app.store.dispatch(flowStarted(saved.booking));
    await rehydrated(app);

    expect(selectFlowById(app.store.getState(), saved.flowId)?.status).toBe('awaitingPayment');
    expect(selectFlowById(app.store.getState(), payload.flowId)).toBeUndefined();
    expect(server.requestsTo(BOOKINGS)).toHaveLength(0);
  });
});
