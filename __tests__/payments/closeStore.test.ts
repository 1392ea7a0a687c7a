/** @jest-environment jsdom */
import { flowStarted } from '../../src/payments/paymentFlowsSlice';
import { createMemoryStorage } from '../helpers/memoryStorage';
import { makeTestStore, uniqueDraft } from '../helpers/paymentsTestStore';
import { createScriptedFetch } from '../helpers/scriptedFetch';
import { observe, rehydrated, storedFlow } from './persistence/persistenceHarness';
import { BOOKINGS } from './sagas/fixtures';

describe('close() on what createPaymentsStore returns', () => {
  it('stops the sagas (aborting their requests), removes its pagehide listener, writes what it holds, then nothing more', async () => {
    const memory = createMemoryStorage();
    const server = createScriptedFetch();
    server.script(BOOKINGS, { hang: true });
    const { api, waitForRequest } = observe(server);
    const added = jest.spyOn(window, 'addEventListener');
    const removed = jest.spyOn(window, 'removeEventListener');
    const parts = makeTestStore({
      api,
      storage: { storage: memory.storage, throttleMs: 60_000 },
    });
    const { store, sagaTask, close } = parts;
    const pagehide = added.mock.calls.find(([type]) => type === 'pagehide')?.[1];
    expect(pagehide).toBeDefined();
    const { persistor } = parts;
    if (!persistor) throw new Error('a store with storage has a persistor');
    await rehydrated({ ...parts, persistor });
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));
    const request = await waitForRequest(BOOKINGS);

    await close();

    expect(sagaTask.isRunning()).toBe(false);
    expect(request.signal?.aborted).toBe(true);
    expect(removed).toHaveBeenCalledWith('pagehide', pagehide);
    expect(storedFlow(memory, payload.flowId)?.status).toBe('creatingBooking');
    const writes = memory.writes.length;
    store.dispatch(flowStarted(uniqueDraft()));
    window.dispatchEvent(new Event('pagehide'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(memory.writes.length).toBe(writes);
  });
});
