/**
 * @jest-environment jsdom
 */
import type { StoreEnhancer } from '@reduxjs/toolkit';
import type { PaymentsStoreOptions } from '../../src/payments/createPaymentsStore';

/** What the Redux DevTools extension was asked to record, per store created. */
const connections: Record<string, unknown>[] = [];

interface DevToolsWindow {
  __REDUX_DEVTOOLS_EXTENSION_COMPOSE__?: (
    options: Record<string, unknown>,
  ) => (...enhancers: StoreEnhancer[]) => StoreEnhancer;
}

beforeAll(() => {
  // RTK looks for the extension when it is first imported: it must be there before.
  (window as DevToolsWindow).__REDUX_DEVTOOLS_EXTENSION_COMPOSE__ = (options) => {
    connections.push(options);
    return (...enhancers) =>
      (createStore) =>
        enhancers.reduceRight((next, enhancer) => enhancer(next), createStore);
  };
});

async function storeWith(devTools: PaymentsStoreOptions['devTools']) {
  const { createPaymentsStore } = await import('../../src/payments/createPaymentsStore');
  const { silentLogger } = await import('../../src/payments/logger');
  const created = createPaymentsStore({
    api: { baseUrl: 'http://api.test', fetch: () => Promise.reject(new Error('offline')) },
    logger: silentLogger,
    ...(devTools === undefined ? {} : { devTools }),
  });
  await created.close();
}

beforeEach(() => {
  connections.length = 0;
});

describe('Redux DevTools', () => {
  it('are not connected unless asked for, so a production build never shows payments', async () => {
    await storeWith(undefined);
    await storeWith(false);
    expect(connections).toEqual([]);
  });

  it('when asked for, are sanitized and keep a history long enough for a reconnect', async () => {
    await storeWith(true);
    expect(connections).toEqual([
      expect.objectContaining({ name: 'payment-flows', maxAge: 500, trace: false }),
    ]);
    expect(typeof connections[0]?.actionSanitizer).toBe('function');
    expect(typeof connections[0]?.stateSanitizer).toBe('function');
  });

  it('take the history length and tracing a developer asks for', async () => {
    await storeWith({ maxAge: 2_000, trace: true });
    expect(connections).toEqual([expect.objectContaining({ maxAge: 2_000, trace: true })]);
  });
});
