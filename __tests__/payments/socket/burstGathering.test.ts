import { EventEmitter } from 'node:events';
import { configureStore, type Middleware, type UnknownAction } from '@reduxjs/toolkit';
import createSagaMiddleware from 'redux-saga';
import type { Socket } from 'socket.io-client';
import { createPaymentsDeps, paymentsReducers } from '../../../src/payments/createPaymentsStore';
import { createLogger } from '../../../src/payments/logger';
import {
  bookingCreated,
  bookingRequested,
  flowStarted,
  paymentStatusesReceived,
} from '../../../src/payments/paymentFlowsSlice';
import type { FlowTimings } from '../../../src/payments/sagas/deps';
import { createSagaContext } from '../../../src/payments/sagas/rootSaga';
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
  it('a burst that ends while gathering is applied at once; a disconnect in it keeps its place', async () => {
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
    const started = Date.now();
    await waitForFlow(store, flowId, (flow) => flow.serverSeq === 702);
    expect(Date.now() - started).toBeLessThan(200);
    const types = actions
      .map((a) =>
        paymentStatusesReceived.match(a) ? `statuses:${a.payload.updates.length}` : a.type,
      )
      .filter((t) => t.startsWith('statuses') || t.includes('isconnect'));
    expect(types).toEqual(['statuses:700', types[1], 'statuses:1']);
    expect(types[1]).toMatch(/disconnect/i);
    task.cancel();
  });
});
