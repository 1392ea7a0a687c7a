/** @jest-environment node */
import { startDemoServer } from '../../server/demoServer';
import { flowStarted, paymentSubmitted } from '../../src/payments/paymentFlowsSlice';
import { selectConnectionStatus } from '../../src/payments/socket/connectionSlice';
import { createMemoryStorage } from '../helpers/memoryStorage';
import {
  uniqueDraft,
  waitForFlow,
  waitForStatus,
  type TestStore,
} from '../helpers/paymentsTestStore';
import { eventually, realtimeHarness } from './realtimeHarness';

const harness = realtimeHarness();
const session = () => ({ token: 'demo-token' });

async function payingFlow(store: TestStore, paymentMethodId: string) {
  const { payload } = store.dispatch(flowStarted(uniqueDraft()));
  await waitForStatus(store, payload.flowId, 'awaitingPayment');
  store.dispatch(paymentSubmitted({ flowId: payload.flowId, paymentMethodId, at: Date.now() }));
  return payload.flowId;
}

describe('every flow ends in a known state, against the demo server', () => {
  it('a 3-D Secure flow restored after a reload gets its URL back from the resync (item 1)', async () => {
    const server = await harness.startServer();
    const memory = createMemoryStorage();
    const storage = { storage: { storage: memory.storage, throttleMs: 5 } };
    const before = harness.connectStore(server, session(), storage);
    const flowId = await payingFlow(before.store, 'pm_card_3ds');
    const { nextAction } = await waitForStatus(before.store, flowId, 'requiresAction');
    expect(nextAction?.url).toContain('/3ds/');
    await before.close();

    const after = harness.connectStore(server, session(), storage);

    const restored = await waitForFlow(
      after.store,
      flowId,
      (flow) => flow.nextAction !== undefined,
    );
    expect(restored).toMatchObject({ status: 'requiresAction', nextAction });
  });

  it('a server restart that loses the payment ends the flow explained, with no second booking (item 2)', async () => {
    const first = await harness.startServer({ slowProcessingDelayMs: 60_000 });
    const { store } = harness.connectStore(first, session());
    const flowId = await payingFlow(store, 'pm_card_slow');
    await waitForStatus(store, flowId, 'processing');

    await first.close();
    const restarted = await startDemoServer({ port: first.port, processingDelayMs: 100 });
    try {
      const flow = await waitForStatus(store, flowId, 'failed');

      expect(flow.error).toMatchObject({ code: 'payment_not_found', retriable: false });
      expect(restarted.stats().bookingsCreated).toBe(0);
      expect(restarted.stats().confirmRequests).toBe(0);
    } finally {
      await restarted.close();
    }
  });

  it('a refreshAuthToken that throws stops nothing: the payment still settles (item 5)', async () => {
    const server = await harness.startServer();
    const current = session();
    const { store, sagaTask, logs } = harness.connectStore(server, current, {
      socket: {
        url: server.url,
        getAuthToken: () => current.token,
        refreshAuthToken: () => {
          throw new Error('the session service is down');
        },
        transports: ['websocket'],
        reconnectionDelay: 50,
        reconnectionDelayMax: 200,
      },
    });
    await eventually(() => selectConnectionStatus(store.getState()) === 'connected');
    server.realtime.rotateToken('demo-token', 'fresh-token');
    server.realtime.dropAllSockets();
    await eventually(() => logs.some((line) => line.message === 'refreshAuthToken failed'));

    current.token = 'fresh-token';
    const flowId = await payingFlow(store, 'pm_card_visa');

    await waitForStatus(store, flowId, 'succeeded');
    expect(sagaTask.isRunning()).toBe(true);
  });
});
