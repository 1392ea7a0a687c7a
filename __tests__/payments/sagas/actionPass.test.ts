import { configureStore } from '@reduxjs/toolkit';
import createSagaMiddleware, { type END } from 'redux-saga';
import { createPaymentsDeps, paymentsReducers } from '../../../src/payments/createPaymentsStore';
import { createLogger } from '../../../src/payments/logger';
import {
  bookingCreated,
  bookingRequested,
  cancelRequested,
  flowStarted,
  paymentStatusesReceived,
} from '../../../src/payments/paymentFlowsSlice';
import { notifyFlowTasks, runActionPass } from '../../../src/payments/sagas/actionPass';
import { REGISTRY_KEY, type FlowNotice } from '../../../src/payments/sagas/flowRegistry';
import { createSagaContext } from '../../../src/payments/sagas/rootSaga';
import { selectFlowById } from '../../../src/payments/selectors';
import { uniqueDraft } from '../../helpers/paymentsTestStore';

/** The pass with only the flow-task handler, over a real store, and one flow's inbox observed. */
function setup() {
  const lines: string[] = [];
  const contexts: unknown[] = [];
  const logger = createLogger({
    sink: (_level, message, context) => {
      lines.push(message);
      contexts.push(context);
    },
  });
  const deps = createPaymentsDeps({ api: { baseUrl: 'http://api.test' }, logger });
  const context = createSagaContext(deps);
  const registry = context[REGISTRY_KEY];
  const sagaMiddleware = createSagaMiddleware({ context });
  const store = configureStore({
    reducer: paymentsReducers,
    middleware: (getDefault) => getDefault().concat(sagaMiddleware),
  });
  const task = sagaMiddleware.run(runActionPass, [notifyFlowTasks(registry, logger)]);
  const { payload } = store.dispatch(flowStarted(uniqueDraft(), 1));
  const { flowId } = payload;
  store.dispatch(bookingRequested({ flowId, at: 2 }));
  store.dispatch(
    bookingCreated({ flowId, bookingId: 'bk_1', payment: { paymentId: 'pay_1', seq: 1 }, at: 3 }),
  );
  const flow = selectFlowById(store.getState(), flowId);
  if (!flow) throw new Error('no flow');
  const notices: FlowNotice[] = [];
  const { inbox } = registry.open(flow);
  const listen = () => {
    inbox.take(
      (notice: FlowNotice | END) => {
        if ('action' in notice) notices.push(notice);
        listen();
      },
      () => true,
    );
  };
  listen();
  const status = (status: 'processing' | 'succeeded', seq: number) =>
    store.dispatch(
      paymentStatusesReceived({
        updates: [{ paymentId: 'pay_1', status, seq, occurredAt: seq }],
        at: seq,
      }),
    );
  return { store, flowId, notices, lines, contexts, status, task };
}

describe('the action pass wakes a flow task only for what it can wait on', () => {
  it('a status change wakes it and is logged once; events that only raise the seq wake nothing', () => {
    const { flowId, notices, lines, status, task } = setup();

    status('processing', 2);
    status('processing', 3);
    status('processing', 4);

    expect(notices.map((notice) => notice.flow?.serverSeq)).toEqual([2]);
    expect(lines.filter((line) => line.startsWith('flow '))).toEqual([
      `flow ${flowId}: awaitingPayment -> processing (server)`,
    ]);
    task.cancel();
  });

  it('a failure is logged with the server’s own text, for developers (the components never show it)', () => {
    const { store, flowId, lines, contexts, task } = setup();
    const serverText = 'card_declined by issuer 0051 (insufficient funds)';

    store.dispatch(
      paymentStatusesReceived({
        updates: [
          {
            paymentId: 'pay_1',
            status: 'failed',
            seq: 2,
            occurredAt: 9,
            failure: { code: 'card_declined', message: serverText, retriable: true },
          },
        ],
        at: 9,
      }),
    );

    const index = lines.indexOf(`flow ${flowId}: awaitingPayment -> failed (server)`);
    expect(contexts[index]).toMatchObject({ error: `card_declined: ${serverText}` });
    task.cancel();
  });

  it('an action addressed to the flow wakes it even when nothing in the flow changed', () => {
    const { store, flowId, notices, task } = setup();

    store.dispatch(cancelRequested({ flowId, at: 9 }));

    expect(notices.map((notice) => notice.action.type)).toEqual(['paymentFlows/cancelRequested']);
    task.cancel();
  });
});
