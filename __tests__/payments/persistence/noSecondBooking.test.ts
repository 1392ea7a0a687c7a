/** @jest-environment node */
import { startDemoServer, type DemoServer } from '../../../server/demoServer';
import { flowStarted, paymentSubmitted } from '../../../src/payments/paymentFlowsSlice';
import { createMemoryStorage, type MemoryStorage } from '../../helpers/memoryStorage';
import { uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import {
  closeAllApps,
  rehydrated,
  reload,
  startApp,
  storedFlow,
  type AppOptions,
} from './persistenceHarness';

/**
 * Reloads against the real demo backend over real HTTP: whenever the page goes away, the flow
 * resumes with the same idempotency keys and the server books and charges once.
 */
let server: DemoServer;

beforeEach(async () => {
  server = await startDemoServer({ faults: true, processingDelayMs: 50 });
});
afterEach(async () => {
  await closeAllApps();
  await server.close();
});

function options(memory: MemoryStorage): AppOptions {
  return { memory, api: { baseUrl: server.url, getAuthToken: () => 'demo-token' } };
}

/** Resolves once storage holds the flow in `status`: what a reload would find. */
const stored = (memory: MemoryStorage, flowId: string, status: string) =>
  memory.waitForWrite(() => storedFlow(memory, flowId)?.status === status);

describe('no reload creates a second booking', () => {
  it('reloading while the booking request is in flight books once', async () => {
    const memory = createMemoryStorage();
    server.faults.setBookingDelay(150);
    const first = startApp(options(memory));
    await rehydrated(first);
    const { flowId } = first.store.dispatch(flowStarted(uniqueDraft())).payload;
    await stored(memory, flowId, 'creatingBooking');
    expect(server.stats().bookingsCreated).toBe(0);

    const sent: { key: string | undefined; status: number }[] = [];
    const app = await reload(first, {
      ...options(memory),
      api: {
        ...options(memory).api,
        fetch: async (url, init) => {
          const response = await fetch(url, init);
          const key = (init.headers as Record<string, string>)['Idempotency-Key'];
          sent.push({ key, status: response.status });
          return response;
        },
      },
    });
    const flow = await waitForStatus(app.store, flowId, 'awaitingPayment');

    expect(flow.bookingId).toBeDefined();
    // The reloaded page asked again with the same key: the server answered 409 (still working
    // on it) until it could replay the one booking it made.
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((request) => request.key === flowId)).toBe(true);
    expect(sent.at(-1)?.status).toBe(201);
    expect(server.stats().bookingsCreated).toBe(1);
  });

  it('reloading while awaiting payment and while processing books and charges once', async () => {
    const memory = createMemoryStorage();
    const first = startApp(options(memory));
    await rehydrated(first);
    const { flowId } = first.store.dispatch(flowStarted(uniqueDraft())).payload;
    await stored(memory, flowId, 'awaitingPayment');

    const second = await reload(first, options(memory));
    await waitForStatus(second.store, flowId, 'awaitingPayment');
    second.store.dispatch(
      paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }),
    );
    await stored(memory, flowId, 'processing');

    const third = await reload(second, options(memory));
    const flow = await waitForStatus(third.store, flowId, 'succeeded');

    expect(flow.attempt).toBe(1);
    expect(server.stats()).toMatchObject({ bookingsCreated: 1, paymentsConfirmed: 1 });
  });
});
