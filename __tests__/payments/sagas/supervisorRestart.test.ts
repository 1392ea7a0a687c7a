/** @jest-environment node */
import { startDemoServer, type DemoServer } from '../../../server/demoServer';
import { flowStarted, paymentSubmitted } from '../../../src/payments/paymentFlowsSlice';
import { selectFlowById } from '../../../src/payments/selectors';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import {
  closeAllApps,
  rehydrated,
  startApp,
  waitForState,
} from '../persistence/persistenceHarness';

let server: DemoServer;

beforeEach(async () => {
  server = await startDemoServer({ processingDelayMs: 20 });
});
afterEach(async () => {
  await closeAllApps();
  await server.close();
});

describe('the flows saga restarted by `safely`', () => {
  it('still retires a flow that finished as it failed (its epilogue was cut short)', async () => {
    const errors: string[] = [];
    let failOnce = true;
    const app = startApp({
      memory: createMemoryStorage(),
      retentionMs: 30,
      timings: { restartDelayMs: 1 },
      api: { baseUrl: server.url, getAuthToken: () => 'demo-token' },
      logger: {
        debug: () => undefined,
        // A host logger that throws: the flows saga fails in the pass that logs the success.
        info: (message) => {
          if (failOnce && message.includes('-> succeeded')) {
            failOnce = false;
            throw new Error('logger failed');
          }
        },
        warn: () => undefined,
        error: (message) => errors.push(message),
      },
    });
    await rehydrated(app);
    const { flowId } = app.store.dispatch(flowStarted(uniqueDraft())).payload;
    await waitForStatus(app.store, flowId, 'awaitingPayment');
    app.store.dispatch(
      paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }),
    );
    await waitForStatus(app.store, flowId, 'succeeded');
    await waitForState(app, (state) => selectFlowById(state, flowId) === undefined);
    expect(errors).toContain('flows failed; restarting it');
  });
});
