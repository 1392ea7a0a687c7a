/** @jest-environment jsdom */
/**
 * Two independent payment stores on one page (a booking widget and the main app), each with its
 * own storage key, over one storage: each keeps its own flows.
 */
import { BroadcastChannel as NodeBroadcastChannel } from 'node:worker_threads';
import { flowStarted, selectFlowIds } from '../../src/index';
import { createMemoryStorage } from '../helpers/memoryStorage';
import { makeTestStore, uniqueDraft, waitForStatus } from '../helpers/paymentsTestStore';
import { createScriptedFetch } from '../helpers/scriptedFetch';
import { storedFlows } from './persistence/persistenceHarness';
import { BOOKINGS } from './sagas/fixtures';

// jsdom has no BroadcastChannel; a browser's delivers to every other instance on the page too.
const hadChannel = 'BroadcastChannel' in globalThis;
beforeAll(() => {
  if (!hadChannel) Object.assign(globalThis, { BroadcastChannel: NodeBroadcastChannel });
});
afterAll(() => {
  if (!hadChannel) delete (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel;
});

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  localStorage.clear();
});

describe('two payment stores on one page, each under its own storage key', () => {
  it('never takes in, shows or saves the other store’s flows', async () => {
    const memory = createMemoryStorage();
    const server = createScriptedFetch();
    server.script(BOOKINGS, { hang: true });
    const api = { baseUrl: server.baseUrl, fetch: server.fetch };
    const main = makeTestStore({ api, storage: { storage: memory.storage, key: 'main' } });
    const widget = makeTestStore({ api, storage: { storage: memory.storage, key: 'widget' } });
    closers.push(main.close, widget.close);

    const { flowId } = main.store.dispatch(flowStarted(uniqueDraft())).payload;
    await waitForStatus(main.store, flowId, 'creatingBooking');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await widget.persistor?.flush();

    expect(selectFlowIds(widget.store.getState())).toEqual([]);
    expect(storedFlows(memory, 'persist:widget')).toEqual([]);
  });
});
