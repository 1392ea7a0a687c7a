import { flowStarted } from '../../../src/payments/paymentFlowsSlice';
import { selectFlowById } from '../../../src/payments/selectors';
import { flowUnwatched, flowWatched } from '../../../src/payments/socket/connectionSlice';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import { BOOKINGS, noPaymentBookingReply } from '../sagas/fixtures';
import {
  closeAllApps,
  nextMacrotask,
  rehydrated,
  startApp,
  waitForState,
  type App,
} from './persistenceHarness';

afterEach(closeAllApps);

const RETENTION_MS = 20;

const sleep = (ms: number) =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** A booking that needs no payment: the flow succeeds as soon as the booking is made. */
async function succeededFlow(options: { watched: number }) {
  const server = createScriptedFetch();
  server.otherwise(BOOKINGS, noPaymentBookingReply);
  const app = startApp({
    memory: createMemoryStorage(),
    retentionMs: RETENTION_MS,
    api: { baseUrl: server.baseUrl, fetch: server.fetch },
  });
  await rehydrated(app);
  const { flowId } = app.store.dispatch(
    flowStarted(uniqueDraft({ bookingType: 'TENTATIVE' })),
  ).payload;
  for (let i = 0; i < options.watched; i += 1) app.store.dispatch(flowWatched({ flowId }));
  await waitForStatus(app.store, flowId, 'succeeded');
  return { app, flowId, succeededAt: Date.now() };
}

const retired = (app: App, flowId: string) =>
  waitForState(app, (state) => selectFlowById(state, flowId) === undefined);

describe('retiring finished flows', () => {
  it('a succeeded flow leaves the store after the retention time', async () => {
    const { app, flowId, succeededAt } = await succeededFlow({ watched: 0 });
    expect(selectFlowById(app.store.getState(), flowId)?.status).toBe('succeeded');

    await retired(app, flowId);

    expect(Date.now() - succeededAt).toBeGreaterThanOrEqual(RETENTION_MS - 2);
  });

  it('a watched flow stays past the retention time until its last watcher leaves', async () => {
    const { app, flowId } = await succeededFlow({ watched: 2 });

    // Time is the subject: well past the retention, the shown flow is still there.
    await sleep(RETENTION_MS * 3);
    expect(selectFlowById(app.store.getState(), flowId)?.status).toBe('succeeded');
    app.store.dispatch(flowUnwatched({ flowId }));
    await nextMacrotask();
    expect(selectFlowById(app.store.getState(), flowId)?.status).toBe('succeeded');

    app.store.dispatch(flowUnwatched({ flowId }));
    await retired(app, flowId);
  });
});
