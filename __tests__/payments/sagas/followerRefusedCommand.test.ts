/** @jest-environment node */
import { startDemoServer, type DemoServer } from '../../../server/demoServer';
import {
  flowStarted,
  holdExpired,
  paymentSubmitted,
} from '../../../src/payments/paymentFlowsSlice';
import { selectFlowById } from '../../../src/payments/selectors';
import { createTabHub, type TabHub } from '../../helpers/inProcessTabs';
import { createMemoryStorage, type MemoryStorage } from '../../helpers/memoryStorage';
import { uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import {
  closeAllApps,
  rehydrated,
  startApp,
  waitForState,
  type App,
} from '../persistence/persistenceHarness';

/** As in sharedTabs.test.ts: real stores over one storage, the in-process tab hub, the demo server. */
let server: DemoServer;
let hub: TabHub;
let memory: MemoryStorage;

beforeEach(async () => {
  hub = createTabHub();
  memory = createMemoryStorage();
  server = await startDemoServer({ processingDelayMs: 50, faults: true });
});
afterEach(async () => {
  await closeAllApps();
  await server.close();
});

async function openTab(): Promise<{ app: App; confirms: () => number }> {
  const requests: string[] = [];
  const app = startApp({
    memory,
    tabs: hub.openTab(),
    api: {
      baseUrl: server.url,
      getAuthToken: () => 'demo-token',
      fetch: (url, init) => {
        requests.push(`${init.method ?? 'GET'} ${new URL(url).pathname}`);
        return fetch(url, init);
      },
    },
  });
  await rehydrated(app);
  return { app, confirms: () => requests.filter((r) => r.endsWith('/confirm')).length };
}

const statusIn = (app: App, flowId: string) => selectFlowById(app.store.getState(), flowId)?.status;

describe('a follower’s Pay that the driving tab refuses', () => {
  it('the follower shows what the driving tab has, not a confirm nobody sends', async () => {
    const tabA = await openTab();
    const { flowId } = tabA.app.store.dispatch(flowStarted(uniqueDraft())).payload;
    await waitForStatus(tabA.app.store, flowId, 'awaitingPayment');
    await tabA.app.persistor.flush();
    const tabB = await openTab();
    expect(statusIn(tabB.app, flowId)).toBe('awaitingPayment');

    // The hold runs out in the driving tab (A) as the user presses Pay in the follower (B), in
    // the same moment: neither tab has heard of the other's step yet.
    const at = Date.now();
    tabA.app.store.dispatch(holdExpired({ flowId, at }));
    tabB.app.store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at }));

    await waitForState(tabA.app, (state) => selectFlowById(state, flowId)?.status === 'expired');
    // A refused the Pay (the flow is over); B must end up showing the flow as it is. Before the
    // fix B stayed on confirmingPayment, a confirm nobody would send.
    await waitForState(tabB.app, (state) => selectFlowById(state, flowId)?.status === 'expired');
    expect(tabA.confirms() + tabB.confirms()).toBe(0);
  });
});
