import { configureStore } from '@reduxjs/toolkit';
import createSagaMiddleware from 'redux-saga';
import { createPaymentsDeps, paymentsReducers } from '../../../src/payments/createPaymentsStore';
import { silentLogger } from '../../../src/payments/logger';
import { flowStarted } from '../../../src/payments/paymentFlowsSlice';
import { REGISTRY_KEY } from '../../../src/payments/sagas/flowRegistry';
import { superviseFlows } from '../../../src/payments/sagas/flowSupervisor';
import { createSagaContext } from '../../../src/payments/sagas/rootSaga';
import { flowUnwatched, flowWatched } from '../../../src/payments/socket/connectionSlice';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import { testTimings, uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import { BOOKINGS, bookingReply } from './fixtures';

/** The flows supervisor over a real store, with its registry in view. */
function supervised() {
  const server = createScriptedFetch();
  const deps = createPaymentsDeps({
    api: { baseUrl: server.baseUrl, fetch: server.fetch },
    logger: silentLogger,
    timings: testTimings,
  });
  const context = createSagaContext(deps);
  const sagaMiddleware = createSagaMiddleware({ context });
  const store = configureStore({
    reducer: paymentsReducers,
    middleware: (getDefault) => getDefault().concat(sagaMiddleware),
  });
  const task = sagaMiddleware.run(superviseFlows);
  return { server, store, registry: context[REGISTRY_KEY], task };
}

describe('a parked flow woken and parked again with the same hold', () => {
  it('has one entry in the hold wheel, however often it is re-parked', async () => {
    const { server, store, registry, task } = supervised();
    try {
      server.script(BOOKINGS, bookingReply(Date.now() + 60_000));
      const { flowId } = store.dispatch(flowStarted(uniqueDraft())).payload;
      await waitForStatus(store, flowId, 'awaitingPayment');
      expect(registry.parked.has(flowId)).toBe(true);

      // Each action addressed to it (a view of it mounting, then unmounting) wakes it, and its
      // task, finding it still waiting for the user, parks it again with the same deadline.
      for (let i = 0; i < 40; i += 1) {
        store.dispatch(flowWatched({ flowId }));
        store.dispatch(flowUnwatched({ flowId }));
      }

      expect(registry.parked.has(flowId)).toBe(true);
      expect(registry.holds.size).toBe(1);
    } finally {
      task.cancel();
    }
  });
});
