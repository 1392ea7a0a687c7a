import { flowStarted } from '../../../src/payments/paymentFlowsSlice';
import { selectFlowIds } from '../../../src/payments/selectors';
import { createMemoryStorage, type MemoryStorage } from '../../helpers/memoryStorage';
import { uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import { createScriptedFetch, type ScriptedFetch } from '../../helpers/scriptedFetch';
import { BOOKINGS, bookingReply } from '../sagas/fixtures';
import { closeAllApps, rehydrated, startApp, storedFlows } from './persistenceHarness';

afterEach(closeAllApps);

const wait = (ms: number) =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** An app whose one flow awaits payment and is stored; `options` open the next page on it. */
async function appWithASavedFlow(
  memory: MemoryStorage,
  throttleMs: number,
  script: (server: ScriptedFetch) => void,
) {
  const server = createScriptedFetch();
  script(server);
  const options = { memory, throttleMs, api: { baseUrl: server.baseUrl, fetch: server.fetch } };
  const app = startApp(options);
  await rehydrated(app);
  const first = app.store.dispatch(flowStarted(uniqueDraft())).payload.flowId;
  await waitForStatus(app.store, first, 'awaitingPayment');
  await app.persistor.flush();
  return { app, options };
}

/**
 * A logout (`persistor.purge()`) a moment after a flow changed: redux-persist's throttle still
 * holds that change, staged from the state before the purge. Nothing may write it back.
 */
describe('a purge while a write is still throttled', () => {
  it('leaves none of the purged flows in storage for the next page', async () => {
    const memory = createMemoryStorage();
    const { app, options } = await appWithASavedFlow(memory, 100, (server) => {
      server.script(BOOKINGS, bookingReply(), { hang: true });
    });

    // A second booking starts (a change the throttle holds), and the user logs out at once.
    app.store.dispatch(flowStarted(uniqueDraft()));
    await app.persistor.purge();
    await wait(300);

    expect(storedFlows(memory)).toEqual([]);
    const next = startApp(options);
    await rehydrated(next);
    expect(selectFlowIds(next.store.getState())).toEqual([]);
  });
});

/**
 * A logout whose removal the storage refuses (an asynchronous storage failing for a moment): the
 * old user's flows are still stored, so the purging tab's next write must retire them, as it
 * did before a purge forgot them, or the next page resumes them.
 */
describe('a purge whose removal fails', () => {
  it('still leaves none of the purged flows for the next page to resume', async () => {
    const memory = createMemoryStorage();
    const removeItem = memory.storage.removeItem.bind(memory.storage);
    let refuseRemoval = true;
    memory.storage.removeItem = (key) =>
      refuseRemoval ? Promise.reject(new Error('storage unavailable')) : removeItem(key);
    const { app, options } = await appWithASavedFlow(memory, 20, (server) => {
      server.script(BOOKINGS, bookingReply());
    });

    await expect(app.persistor.purge()).rejects.toThrow('storage unavailable');
    refuseRemoval = false;
    await wait(100);
    await app.persistor.flush();

    const next = startApp(options);
    await rehydrated(next);
    expect(selectFlowIds(next.store.getState())).toEqual([]);
  });
});
