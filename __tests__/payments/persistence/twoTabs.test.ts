/** @jest-environment node */
import { startDemoServer, type DemoServer } from '../../../server/demoServer';
import {
  cancelRequested,
  flowStarted,
  paymentSubmitted,
} from '../../../src/payments/paymentFlowsSlice';
import { selectAllFlows, selectFlowById } from '../../../src/payments/selectors';
import { createMemoryStorage, type MemoryStorage } from '../../helpers/memoryStorage';
import { uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import {
  closeAllApps,
  rehydrated,
  startApp,
  storedFlow,
  storedFlows,
  waitForState,
  type App,
} from './persistenceHarness';

/**
 * Two tabs are two real stores over one storage (localStorage is shared by every tab of an
 * origin), against the real demo server: what one tab writes must never drop the other's flows.
 */
let server: DemoServer;

beforeEach(async () => {
  server = await startDemoServer({ processingDelayMs: 20, faults: true });
});
afterEach(async () => {
  await closeAllApps();
  await server.close();
});

async function openTab(memory: MemoryStorage, retentionMs?: number): Promise<App> {
  const app = startApp({
    memory,
    retentionMs,
    api: { baseUrl: server.url, getAuthToken: () => 'demo-token' },
  });
  await rehydrated(app);
  return app;
}

async function startBooking(tab: App): Promise<string> {
  const { flowId } = tab.store.dispatch(flowStarted(uniqueDraft())).payload;
  await waitForStatus(tab.store, flowId, 'awaitingPayment');
  await tab.persistor.flush();
  return flowId;
}

const pay = (tab: App, flowId: string, paymentMethodId: string) =>
  tab.store.dispatch(paymentSubmitted({ flowId, paymentMethodId, at: Date.now() }));

const storedStatus = (memory: MemoryStorage, flowId: string) => storedFlow(memory, flowId)?.status;

describe('two tabs over one storage', () => {
  it('B’s flow survives A’s later writes; a reload pays B’s flow and cancels A’s', async () => {
    const memory = createMemoryStorage();
    const tabA = await openTab(memory);
    const tabB = await openTab(memory);
    const flowA = await startBooking(tabA);
    const flowB = await startBooking(tabB);
    await tabB.close();

    // A goes on after B has gone: a declined attempt, written (the flow stays retriable).
    pay(tabA, flowA, 'pm_card_declined');
    await waitForStatus(tabA.store, flowA, 'failed');
    await tabA.persistor.flush();
    expect(storedStatus(memory, flowA)).toBe('failed');
    expect(storedStatus(memory, flowB)).toBe('awaitingPayment');

    await tabA.close();
    const reloaded = await openTab(memory);
    const listed = selectAllFlows(reloaded.store.getState()).map((flow) => flow.flowId);
    expect(listed.sort()).toEqual([flowA, flowB].sort());

    pay(reloaded, flowB, 'pm_card_visa');
    reloaded.store.dispatch(cancelRequested({ flowId: flowA, at: Date.now() }));
    const paid = await waitForStatus(reloaded.store, flowB, 'succeeded');
    await waitForStatus(reloaded.store, flowA, 'cancelled');
    expect(server.store.bookings.get(paid.bookingId ?? '')?.status).toBe('confirmed');
    expect(server.stats()).toMatchObject({ bookingsCreated: 2 });
  });

  it('a flow that succeeded and was retired in A is not brought back by B’s later write', async () => {
    const memory = createMemoryStorage();
    const tabA = await openTab(memory, 20);
    const done = await startBooking(tabA);
    // B opens after it was saved, so B holds it too, at awaitingPayment.
    const tabB = await openTab(memory);
    expect(selectFlowById(tabB.store.getState(), done)?.status).toBe('awaitingPayment');

    pay(tabA, done, 'pm_card_visa');
    await waitForStatus(tabA.store, done, 'succeeded');
    await waitForState(tabA, (state) => selectFlowById(state, done) === undefined);
    await tabA.persistor.flush();
    expect(storedStatus(memory, done)).toBeUndefined();

    // B writes its stale copy along with a new booking of its own.
    const other = await startBooking(tabB);
    expect(selectFlowById(tabB.store.getState(), done)?.status).toBe('awaitingPayment');
    expect(storedFlows(memory).map((flow) => flow.flowId)).toEqual([other]);

    await tabB.close();
    const reloaded = await openTab(memory);
    expect(selectFlowById(reloaded.store.getState(), done)).toBeUndefined();
    expect(selectFlowById(reloaded.store.getState(), other)?.status).toBe('awaitingPayment');
  });
});
