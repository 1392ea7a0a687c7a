/** @jest-environment node */
import type { Socket } from 'socket.io-client';
import type { DemoServer } from '../../server/demoServer';
import { flowStarted, paymentSubmitted } from '../../src/payments/paymentFlowsSlice';
import { selectFlowById, selectFlowDiagnostics } from '../../src/payments/selectors';

import {
  selectConnectionStatus,
  type ConnectionStatus,
} from '../../src/payments/socket/connectionSlice';
import { uniqueDraft, waitForStatus, type TestStore } from '../helpers/paymentsTestStore';
import { eventually, realtimeHarness } from './realtimeHarness';

const harness = realtimeHarness();

function waitForConnection(store: TestStore, status: ConnectionStatus, timeoutMs = 5_000) {
  return new Promise<void>((resolve, reject) => {
    const check = () => {
      if (selectConnectionStatus(store.getState()) !== status) return;
      cleanup();
      resolve();
    };
    const unsubscribe = store.subscribe(check);
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`connection never became ${status}`));
    }, timeoutMs);
    function cleanup() {
      unsubscribe();
      clearTimeout(timer);
    }
    check();
  });
}

async function flowAwaitingPayment(store: TestStore) {
  const { payload } = store.dispatch(flowStarted(uniqueDraft()));
  await waitForStatus(store, payload.flowId, 'awaitingPayment');
  return payload.flowId;
}

const pay = (store: TestStore, flowId: string, paymentMethodId = 'pm_card_visa') =>
  store.dispatch(paymentSubmitted({ flowId, paymentMethodId, at: Date.now() }));

const statusPolls = (requests: string[]) =>
  requests.filter((request) => /^GET \/api\/payments\//.test(request)).length;

/** Resolves when the server's own payment reaches `status` (what happens while we are away). */
function serverPaymentReaches(server: DemoServer, status: string) {
  return new Promise<void>((resolve) => {
    const stop = server.store.payments.onPaymentChange((snapshot) => {
      if (snapshot.status !== status) return;
      stop();
      resolve();
    });
  });
}

describe('real-time status over socket.io', () => {
  it('status events carry a payment to succeeded with no polling while connected', async () => {
    const server = await harness.startServer();
    const { store, requests } = harness.connectStore(server, { token: 'demo-token' });
    await waitForConnection(store, 'connected');
    const flowId = await flowAwaitingPayment(store);

    pay(store, flowId);
    await waitForStatus(store, flowId, 'succeeded');

    expect(statusPolls(requests)).toBe(0);
    expect(server.realtime.stats().statusEventsSent).toBeGreaterThanOrEqual(2);
  });

  it('after a server restart mid-payment it reconnects, resubscribes all flows in one message and resyncs', async () => {
    const server = await harness.startServer({ processingDelayMs: 400 });
    const { store } = harness.connectStore(server, { token: 'demo-token' });
    await waitForConnection(store, 'connected');
    const others = [await flowAwaitingPayment(store), await flowAwaitingPayment(store)];
    const flowId = await flowAwaitingPayment(store);
    pay(store, flowId);
    await waitForStatus(store, flowId, 'processing');
    const succeededWhileDown = serverPaymentReaches(server, 'succeeded');

    await server.stopRealtime();
    await waitForConnection(store, 'reconnecting');
    await succeededWhileDown;
    const before = server.realtime.stats().subscribeMessages;
    await server.startRealtime();

    await eventually(() => server.realtime.stats().subscribeMessages > before);
    await waitForStatus(store, flowId, 'succeeded');
    expect(server.realtime.stats().subscribeMessages - before).toBe(1);
    for (const other of others) await waitForStatus(store, other, 'awaitingPayment');
  });

  it('duplicate and out-of-order events change nothing', async () => {
    const server = await harness.startServer();
    server.faults.setDuplicateStatusEvents(true);
    server.faults.setReorderStatusEvents(true);
    const { store } = harness.connectStore(server, { token: 'demo-token' });
    await waitForConnection(store, 'connected');
    const flowId = await flowAwaitingPayment(store);

    pay(store, flowId);
    const flow = await waitForStatus(store, flowId, 'succeeded');

    expect(flow.history.map((step) => step.to)).toEqual([
      'creatingBooking',
      'awaitingPayment',
      'confirmingPayment',
      'processing',
      'succeeded',
    ]);
    expect(selectFlowDiagnostics(store.getState()).staleUpdatesIgnored).toBeGreaterThan(0);
  });

  it('drops a malformed payload with a logged reason and keeps the channel running', async () => {
    const server = await harness.startServer();
    const { store, logs } = harness.connectStore(server, { token: 'demo-token' });
    await waitForConnection(store, 'connected');
    const flowId = await flowAwaitingPayment(store);
    const bookingId = selectFlowById(store.getState(), flowId)?.bookingId ?? '';
    await eventually(() => server.realtime.stats().subscribeMessages === 1);

    server.realtime.emitRaw(bookingId, 'payment:status', { bookingId, status: 'succeeded' });
    pay(store, flowId);
    await waitForStatus(store, flowId, 'succeeded');

    expect(logs).toContainEqual({
      level: 'warn',
      message: expect.stringMatching(/^dropped payment:status: paymentId: /) as string,
    });
  });

  it('recovers from an "io server disconnect", which socket.io does not retry by itself', async () => {
    const server = await harness.startServer();
    const { store } = harness.connectStore(server, { token: 'demo-token' });
    await waitForConnection(store, 'connected');
    const flowId = await flowAwaitingPayment(store);
    const before = server.realtime.stats().subscribeMessages;

    server.realtime.disconnectAll();
    await waitForConnection(store, 'reconnecting');
    await waitForConnection(store, 'connected');

    await eventually(() => server.realtime.stats().subscribeMessages > before);
    expect(store.getState().connection.lastError).toBeUndefined();
    await waitForStatus(store, flowId, 'awaitingPayment');
  });

  it('recovers from a rejected token by refreshing it through auth', async () => {
    const server = await harness.startServer();
    const session = { token: 'demo-token' };
    const refreshed: string[] = [];
    const { store } = harness.connectStore(server, session, {
      socket: {
        url: server.url,
        getAuthToken: () => session.token,
        refreshAuthToken: () => {
          session.token = 'fresh-token';
          refreshed.push(session.token);
        },
        transports: ['websocket'],
        reconnectionDelay: 50,
        reconnectionDelayMax: 200,
      },
    });
    await waitForConnection(store, 'connected');
    const flowId = await flowAwaitingPayment(store);

    server.realtime.rotateToken('demo-token', 'fresh-token');
    server.realtime.dropAllSockets();
    await waitForConnection(store, 'reconnecting');
    await waitForConnection(store, 'connected');

    expect(refreshed).toEqual(['fresh-token']);
    pay(store, flowId);
    await waitForStatus(store, flowId, 'succeeded');
  });

  it('polls only while the socket is down, and only flows in a critical step', async () => {
    const server = await harness.startServer({ processingDelayMs: 300 });
    const { store, requests } = harness.connectStore(
      server,
      { token: 'demo-token' },
      {
        socket: { url: server.url, path: '/no-socket-here', transports: ['websocket'] },
      },
    );
    const waiting = await flowAwaitingPayment(store);
    const paying = await flowAwaitingPayment(store);
    const waitingPaymentId = selectFlowById(store.getState(), waiting)?.paymentId ?? '';

    pay(store, paying);
    await waitForStatus(store, paying, 'succeeded');

    expect(selectConnectionStatus(store.getState())).not.toBe('connected');
    expect(statusPolls(requests)).toBeGreaterThan(0);
    expect(requests).not.toContain(`GET /api/payments/${waitingPaymentId}`);
  });

  it('cancelling the root saga closes the channel and leaves no listener on the socket', async () => {
    const server = await harness.startServer();
    const { store, sagaTask, socket } = harness.connectStore(server, { token: 'demo-token' });
    await waitForConnection(store, 'connected');
    const live = socket as Socket;
    expect(live.hasListeners('payment:status')).toBe(true);

    sagaTask.cancel();

    for (const event of ['connect', 'disconnect', 'connect_error', 'payment:status']) {
      expect(live.listeners(event)).toHaveLength(0);
    }
    expect(live.io.listeners('reconnect_attempt')).toHaveLength(0);
    expect(live.connected).toBe(false);
  });
});

describe('connection status and refused subscriptions', () => {
  it('a token the server keeps refusing is reported offline, not reconnecting for ever', async () => {
    const server = await harness.startServer();
    const session = { token: 'demo-token' };
    const { store } = harness.connectStore(server, session, {
      socket: {
        url: server.url,
        getAuthToken: () => session.token,
        // The host has nothing better: the refreshed token is the same revoked one.
        refreshAuthToken: () => undefined,
        transports: ['websocket'],
        reconnectionDelay: 50,
        reconnectionDelayMax: 200,
      },
    });
    await waitForConnection(store, 'connected');

    server.realtime.setAcceptedTokens(['another-token']);
    server.realtime.dropAllSockets();
    await waitForConnection(store, 'reconnecting');

    await waitForConnection(store, 'offline');
    expect(store.getState().connection.lastError).toBe('unauthorized');
  });

  it('a refused first handshake is not left as "connecting" for ever', async () => {
    const server = await harness.startServer();
    const { store } = harness.connectStore(server, { token: 'not-accepted' });

    await waitForConnection(store, 'offline');
  });

  it('a booking whose subscription the server refused (rate_limited) still settles promptly once paid', async () => {
    // One message of one id (10 + 1 units) fits; the next is refused as rate_limited.
    const server = await harness.startServer({
      rateLimits: { subscribe: { burst: 11, perSecond: 0.001 } },
    });
    const { store, logs } = harness.connectStore(server, { token: 'demo-token' });
    await waitForConnection(store, 'connected');
    await flowAwaitingPayment(store);
    const refused = await flowAwaitingPayment(store);
    await eventually(() =>
      logs.some((line) => line.message.startsWith('dropped flows:subscribe ack')),
    );

    pay(store, refused);
    // processingDelayMs is 100 ms; the quiet re-check of the tests is 10 s.
    await waitForStatus(store, refused, 'succeeded');
  });
});
