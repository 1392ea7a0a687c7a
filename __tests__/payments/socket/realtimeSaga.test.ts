import { EventEmitter } from 'node:events';
import { configureStore, type Middleware, type UnknownAction } from '@reduxjs/toolkit';
import createSagaMiddleware from 'redux-saga';
import type { Socket } from 'socket.io-client';
import { createPaymentsDeps, paymentsReducers } from '../../../src/payments/createPaymentsStore';
import { createLogger, silentLogger } from '../../../src/payments/logger';
import { runActionPass, signalSubscriptionChanges } from '../../../src/payments/sagas/actionPass';
import { REGISTRY_KEY } from '../../../src/payments/sagas/flowRegistry';
import {
  bookingCreated,
  bookingRequested,
  flowStarted,
  paymentStatusesReceived,
} from '../../../src/payments/paymentFlowsSlice';
import type { FlowTimings } from '../../../src/payments/sagas/deps';
import { createSagaContext } from '../../../src/payments/sagas/rootSaga';
import { selectConnectionStatus } from '../../../src/payments/socket/connectionSlice';
import { realtimeSaga } from '../../../src/payments/socket/realtimeSaga';
import { uniqueDraft, waitForFlow } from '../../helpers/paymentsTestStore';

/** A socket.io client socket reduced to its events: the test plays the server. */
class FakeSocket extends EventEmitter {
  readonly io = new EventEmitter();
  connected = false;
  active = true;
  connect() {
    this.connected = true;
    return this;
  }
  disconnect() {
    this.connected = false;
    return this;
  }
  timeout() {
    return { emitWithAck: () => Promise.resolve({ snapshots: [], rejected: [] }) };
  }
}

function setup(timings: Partial<FlowTimings> = {}) {
  const socket = new FakeSocket();
  const actions: UnknownAction[] = [];
  const warnings: string[] = [];
  const record: Middleware = () => (next) => (action) => {
    actions.push(action as UnknownAction);
    return next(action);
  };
  const deps = createPaymentsDeps({
    api: { baseUrl: 'http://api.test' },
    timings,
    logger: createLogger({
      sink: (level, message) => {
        if (level === 'warn') warnings.push(message);
      },
    }),
  });
  const sagaMiddleware = createSagaMiddleware({ context: createSagaContext(deps) });
  const store = configureStore({
    reducer: paymentsReducers,
    middleware: (getDefault) => getDefault().concat(record, sagaMiddleware),
  });
  const task = sagaMiddleware.run(realtimeSaga, socket as unknown as Socket, { url: 'x' });
  return { socket, store, actions, warnings, task };
}

const statusEvent = (seq: number, status = 'processing') => ({
  paymentId: 'pay_1',
  bookingId: 'bk_1',
  status,
  seq,
  occurredAt: seq,
});

function startFlow(store: ReturnType<typeof setup>['store']) {
  const { payload } = store.dispatch(flowStarted(uniqueDraft(), 1));
  store.dispatch(bookingRequested({ flowId: payload.flowId, at: 2 }));
  return payload.flowId;
}

function link(store: ReturnType<typeof setup>['store'], flowId: string) {
  store.dispatch(
    bookingCreated({ flowId, bookingId: 'bk_1', payment: { paymentId: 'pay_1', seq: 1 }, at: 3 }),
  );
}

describe('the real-time saga', () => {
  it('applies a burst of status events in one reducer step', async () => {
    const { socket, store, actions, task } = setup();
    const flowId = startFlow(store);
    link(store, flowId);

    for (let seq = 2; seq <= 101; seq += 1) socket.emit('payment:status', statusEvent(seq));
    await waitForFlow(store, flowId, (flow) => flow.serverSeq === 101);

    expect(actions.filter((action) => paymentStatusesReceived.match(action))).toHaveLength(1);
    task.cancel();
  });

  it('gathers a burst that is still arriving over the next turns into one reducer step (issue 11)', async () => {
    const { socket, store, actions, task } = setup();
    const flowId = startFlow(store);
    link(store, flowId);
    // Timers run in the order they were set: this one after the saga's first turn (delay 0).
    const sendNextTurn = (from: number, to: number) =>
      new Promise<void>((resolve) => {
        setTimeout(() => {
          for (let seq = from; seq <= to; seq += 1) socket.emit('payment:status', statusEvent(seq));
          resolve();
        }, 0);
      });

    for (let seq = 2; seq <= 401; seq += 1) socket.emit('payment:status', statusEvent(seq));
    await sendNextTurn(402, 801);
    await waitForFlow(store, flowId, (flow) => flow.serverSeq === 801);

    const steps = actions.filter((action) => paymentStatusesReceived.match(action));
    expect(steps.map((step) => step.payload.updates.length)).toEqual([800]);
    task.cancel();
  });

  it('does not hold back a trickle of status events for more turns', async () => {
    const { socket, store, actions, task } = setup();
    const flowId = startFlow(store);
    link(store, flowId);

    socket.emit('payment:status', statusEvent(2));
    await waitForFlow(store, flowId, (flow) => flow.serverSeq === 2);
    socket.emit('payment:status', statusEvent(3));
    await waitForFlow(store, flowId, (flow) => flow.serverSeq === 3);

    const steps = actions.filter((action) => paymentStatusesReceived.match(action));
    expect(steps.map((step) => step.payload.updates.length)).toEqual([1, 1]);
    task.cancel();
  });

  it('applies a burst that ends while it gathers, and keeps a disconnect in it in its place (issue 11)', async () => {
    const { socket, store, actions, task } = setup();
    const flowId = startFlow(store);
    link(store, flowId);
    const later = (fn: () => void) =>
      new Promise<void>((resolve) => {
        setTimeout(() => {
          fn();
          resolve();
        }, 0);
      });
    for (let seq = 2; seq <= 401; seq += 1) socket.emit('payment:status', statusEvent(seq));
    await later(() => {
      for (let seq = 402; seq <= 701; seq += 1) socket.emit('payment:status', statusEvent(seq));
      socket.emit('disconnect', 'transport close');
      socket.emit('payment:status', statusEvent(702));
    });
    await waitForFlow(store, flowId, (flow) => flow.serverSeq === 702);
    const types = actions
      .map((a) =>
        paymentStatusesReceived.match(a) ? `statuses:${a.payload.updates.length}` : a.type,
      )
      .filter((t) => t.startsWith('statuses') || t.includes('isconnect'));
    expect(types).toEqual(['statuses:700', types[1], 'statuses:1']);
    expect(types[1]).toMatch(/disconnect/i);
    task.cancel();
  });

  it('holds an event for a payment not linked yet, and applies it once linked', async () => {
    const { socket, store, task } = setup();
    const flowId = startFlow(store);

    socket.emit('payment:status', statusEvent(2, 'failed'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(store.getState().paymentFlows.diagnostics.unknownUpdatesIgnored).toBe(0);
    link(store, flowId);

    const flow = await waitForFlow(store, flowId, (candidate) => candidate.status === 'failed');
    expect(flow.serverSeq).toBe(2);
    task.cancel();
  });

  it('drops a malformed event with its reason and goes on with the next', async () => {
    const { socket, store, warnings, task } = setup();
    const flowId = startFlow(store);
    link(store, flowId);

    socket.emit('payment:status', { ...statusEvent(2), seq: 'two' });
    socket.emit('payment:status', statusEvent(3));
    await waitForFlow(store, flowId, (flow) => flow.status === 'processing');

    expect(warnings).toEqual(['dropped payment:status: seq: expected number']);
    task.cancel();
  });

  it('registers its handlers once and removes them all when cancelled', () => {
    const { socket, task } = setup();
    socket.emit('connect');
    socket.emit('connect');

    expect(socket.listenerCount('payment:status')).toBe(1);
    task.cancel();
    expect(socket.eventNames()).toEqual([]);
    expect(socket.io.eventNames()).toEqual([]);
    expect(socket.connected).toBe(false);
  });

  it('announces the connection at once, while the resubscribe still waits for its ack (issue 8, item 6)', async () => {
    const { socket, store, task } = setup();
    socket.timeout = () => ({ emitWithAck: () => new Promise<never>(() => undefined) });
    link(store, startFlow(store));

    socket.emit('connect');

    await new Promise<void>((resolve) => {
      const check = () => {
        if (selectConnectionStatus(store.getState()) === 'connected') resolve();
      };
      store.subscribe(check);
      check();
    });
    task.cancel();
  });

  it('applies status events while a reconnect backs off (issue 8, item 6)', async () => {
    const minute = { maxAttempts: 10, baseDelayMs: 60_000, maxDelayMs: 60_000 };
    const { socket, store, task } = setup({ manualReconnect: minute });
    const flowId = startFlow(store);
    link(store, flowId);

    socket.emit('disconnect', 'io server disconnect');
    socket.emit('payment:status', statusEvent(2));

    await waitForFlow(store, flowId, (flow) => flow.status === 'processing');
    task.cancel();
  });
});

/** socket.io's buffering: what is emitted while disconnected is sent on the next connect, first. */
class BufferingSocket extends FakeSocket {
  /** `flows:subscribe` booking ids as the server receives them, per connection. */
  readonly connections: string[][][] = [[]];
  private buffered: string[][] = [];
  override timeout() {
    return {
      emitWithAck: (...args: unknown[]) => {
        const { bookingIds } = args[1] as { bookingIds: string[] };
        if (this.connected) this.connections.at(-1)?.push(bookingIds);
        else this.buffered.push(bookingIds);
        return Promise.resolve({ snapshots: [], rejected: [] });
      },
    };
  }
  drop() {
    this.connected = false;
    this.emit('disconnect', 'transport close');
  }
  reconnect() {
    this.connected = true;
    this.connections.push(this.buffered.splice(0));
    this.emit('connect');
  }
}

describe('the real-time saga with the subscription sync', () => {
  it('a link landing just after the socket dropped is subscribed once on the next connection', async () => {
    const socket = new BufferingSocket();
    const deps = createPaymentsDeps({ api: { baseUrl: 'http://api.test' }, logger: silentLogger });
    const context = createSagaContext(deps);
    const sagaMiddleware = createSagaMiddleware({ context });
    const store = configureStore({
      reducer: paymentsReducers,
      middleware: (getDefault) => getDefault().concat(sagaMiddleware),
    });
    const pass = sagaMiddleware.run(runActionPass, [
      signalSubscriptionChanges(context[REGISTRY_KEY]),
    ]);
    const task = sagaMiddleware.run(realtimeSaga, socket as unknown as Socket, { url: 'x' });
    const connection = (status: string) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (selectConnectionStatus(store.getState()) === status) resolve();
        };
        store.subscribe(check);
        check();
      });
    socket.emit('connect');
    await connection('connected');
    const flowId = startFlow(store);

    // socket.io has dropped the transport and said so; the booking response lands in the same turn.
    socket.drop();
    link(store, flowId);
    await connection('reconnecting');
    socket.reconnect();
    await connection('connected');

    const sent = socket.connections.at(-1)?.flat() ?? [];
    expect(sent.filter((bookingId) => bookingId === 'bk_1')).toHaveLength(1);
    task.cancel();
    pass.cancel();
  });
});
