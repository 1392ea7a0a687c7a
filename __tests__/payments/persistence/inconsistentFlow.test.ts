import type { PersistedFlow } from '../../../src/payments/persistence/flowRecord';
import type * as Selectors from '../../../src/payments/selectors';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { waitForFlow } from '../../helpers/paymentsTestStore';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import {
  closeAllApps,
  persistedFlow,
  rehydrated,
  startApp,
  STORAGE_KEY,
  storedValue,
} from './persistenceHarness';

/**
 * A flow's saga that never waits freezes the page: nothing else runs, not even a timer. The
 * sagas' reads of a flow are counted between two turns of the event loop; past far more than any
 * saga makes, the read throws (which ends the runaway task) so the test can report it.
 */
const mockSpin = { reads: 0, spun: false, limit: 10_000 };
jest.mock('../../../src/payments/selectors', () => {
  const actual = jest.requireActual<typeof Selectors>('../../../src/payments/selectors');
  return {
    ...actual,
    selectFlowById: (...args: Parameters<typeof actual.selectFlowById>) => {
      mockSpin.reads += 1;
      if (mockSpin.reads > mockSpin.limit) {
        mockSpin.spun = true;
        throw new Error('spinning');
      }
      return actual.selectFlowById(...args);
    },
  };
});

let turns: ReturnType<typeof setInterval>;
beforeEach(() => {
  mockSpin.spun = false;
  turns = setInterval(() => {
    mockSpin.reads = 0;
  }, 1);
});
afterEach(async () => {
  clearInterval(turns);
  await closeAllApps();
});

/**
 * Storage returns a flow that parses but cannot be true: a payment step without the payment's
 * id (a damaged value, an older release's bug, a hand-edited key). The page must still run: the
 * flow ends explained, it does not loop.
 */
describe('a stored payment step without a paymentId', () => {
  it.each(['reconciling', 'processing', 'requiresAction', 'confirmingPayment'] as const)(
    '%s: the page keeps running and the flow ends explained',
    async (status) => {
      const flow: PersistedFlow = persistedFlow({
        status,
        bookingId: 'bk_damaged',
        attempt: 1,
        paymentMethodId: 'pm_card_visa',
        serverSeq: 1,
      });
      const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue([flow]) });
      const server = createScriptedFetch();
      const app = startApp({ memory, api: { baseUrl: server.baseUrl, fetch: server.fetch } });
      await rehydrated(app);

      const ended = await waitForFlow(app.store, flow.flowId, (f) => f.status === 'failed').catch(
        (error: unknown) => String(error),
      );

      expect(mockSpin.spun).toBe(false);
      // Told, not left spinning: nothing can be asked about a payment without its id.
      expect(ended).toMatchObject({ status: 'failed', error: { code: 'payment_not_found' } });
    },
  );
});
