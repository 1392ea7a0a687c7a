import { configureStore } from '@reduxjs/toolkit';
import createSagaMiddleware from 'redux-saga';
import { createPaymentsDeps, paymentsReducers } from '../../../src/payments/createPaymentsStore';
import { silentLogger } from '../../../src/payments/logger';
import { selectFlowById } from '../../../src/payments/selectors';
import {
  bookingCreated,
  bookingRequested,
  flowCancelled,
  flowsRetired,
  flowStarted,
  paymentStatusesReceived,
  paymentSubmitted,
} from '../../../src/payments/paymentFlowsSlice';
import { runActionPass, signalSubscriptionChanges } from '../../../src/payments/sagas/actionPass';
import { REGISTRY_KEY } from '../../../src/payments/sagas/flowRegistry';
import { createSagaContext } from '../../../src/payments/sagas/rootSaga';
import {
  flowUnwatched,
  flowWatched,
  socketConnected,
  socketDisconnected,
} from '../../../src/payments/socket/connectionSlice';
import {
  diffSubscriptions,
  selectSubscribedBookingIds,
} from '../../../src/payments/socket/subscriptions';
import {
  resubscribeAll,
  subscribe,
  syncSubscriptions,
  type ServerSubscriptions,
} from '../../../src/payments/socket/subscriptionSync';
import { uniqueDraft } from '../../helpers/paymentsTestStore';
import { createFakeSocket } from './fakeSocket';

/**
 * A real store running only the subscription saga under test, over a fake socket, fed by the
 * action pass's subscription handler as the supervisor feeds it.
 */
function setup(snapshotsFor?: (bookingIds: string[]) => unknown[]) {
  const { fake, socket } = createFakeSocket(snapshotsFor);
  const deps = createPaymentsDeps({ api: { baseUrl: 'http://api.test' }, logger: silentLogger });
  const context = createSagaContext(deps);
  const registry = context[REGISTRY_KEY];
  const sagaMiddleware = createSagaMiddleware({ context });
  const store = configureStore({
    reducer: paymentsReducers,
    middleware: (getDefault) => getDefault().concat(sagaMiddleware),
  });
  sagaMiddleware.run(runActionPass, [signalSubscriptionChanges(registry)]);
  // The fake socket starts connected, as the realtime saga announces once it has resubscribed.
  store.dispatch(socketConnected({ at: 0 }));
  const subscriptions: ServerSubscriptions = new Set();
  let n = 0;
  /** A flow linked to a booking, as the booking saga would leave it. */
  function linkedFlow(): { flowId: string; bookingId: string } {
    n += 1;
    const { payload } = store.dispatch(flowStarted(uniqueDraft(), 1));
    store.dispatch(bookingRequested({ flowId: payload.flowId, at: 2 }));
    const bookingId = `bk_${n}`;
    store.dispatch(
      bookingCreated({
        flowId: payload.flowId,
        bookingId,
        payment: { paymentId: `pay_${n}`, seq: 1 },
        at: 3,
      }),
    );
    return { flowId: payload.flowId, bookingId };
  }
  return { store, fake, socket, subscriptions, sagaMiddleware, linkedFlow, registry };
}

const subscribes = (sent: { event: string; bookingIds: string[] }[]) =>
  sent.filter((message) => message.event === 'flows:subscribe');

describe('diffSubscriptions', () => {
  it('subscribes what is wanted and new, unsubscribes what is no longer wanted', () => {
    expect(diffSubscriptions(new Set(['a', 'b']), ['b', 'c'])).toEqual({
      subscribe: ['c'],
      unsubscribe: ['a'],
    });
  });
});

describe('subscription bookkeeping', () => {
  it('subscribes each flow as it is linked, once', () => {
    const { store, fake, socket, subscriptions, sagaMiddleware, linkedFlow } = setup();
    const task = sagaMiddleware.run(syncSubscriptions, socket, subscriptions, 100);
    const first = linkedFlow();
    const second = linkedFlow();
    store.dispatch({ type: 'unrelated/action' });

    expect(fake.sent).toEqual([
      { event: 'flows:subscribe', bookingIds: [first.bookingId] },
      { event: 'flows:subscribe', bookingIds: [second.bookingId] },
    ]);
    task.cancel();
  });

  it('unsubscribes a flow when it ends, unless a component still watches it', () => {
    const { store, fake, socket, subscriptions, sagaMiddleware, linkedFlow } = setup();
    const task = sagaMiddleware.run(syncSubscriptions, socket, subscriptions, 100);
    const watched = linkedFlow();
    const unwatched = linkedFlow();
    store.dispatch(flowWatched({ flowId: watched.flowId }));
    store.dispatch(flowWatched({ flowId: watched.flowId }));

    store.dispatch(flowCancelled({ flowId: watched.flowId, at: 4 }));
    store.dispatch(flowCancelled({ flowId: unwatched.flowId, at: 4 }));
    expect(fake.sent.at(-1)).toEqual({
      event: 'flows:unsubscribe',
      bookingIds: [unwatched.bookingId],
    });

    store.dispatch(flowUnwatched({ flowId: watched.flowId }));
    expect(fake.sent.filter((m) => m.event === 'flows:unsubscribe')).toHaveLength(1);
    store.dispatch(flowUnwatched({ flowId: watched.flowId }));
    expect(fake.sent.at(-1)).toEqual({
      event: 'flows:unsubscribe',
      bookingIds: [watched.bookingId],
    });
    task.cancel();
  });

  it('sends nothing while disconnected; one batched message on connect covers every flow', async () => {
    const { store, fake, socket, subscriptions, sagaMiddleware, linkedFlow } = setup((ids) =>
      ids.map((bookingId, i) => ({
        paymentId: `pay_${i + 1}`,
        bookingId,
        status: 'processing',
        seq: 2,
        occurredAt: 5,
      })),
    );
    fake.connected = false;
    store.dispatch(socketDisconnected({ reason: 'transport close', at: 4 }));
    const task = sagaMiddleware.run(syncSubscriptions, socket, subscriptions, 100);
    const flows = [linkedFlow(), linkedFlow(), linkedFlow()];
    expect(fake.sent).toEqual([]);

    fake.connected = true;
    await sagaMiddleware.run(resubscribeAll, socket, subscriptions, 100).toPromise();

    expect(subscribes(fake.sent)).toEqual([
      { event: 'flows:subscribe', bookingIds: flows.map((flow) => flow.bookingId).sort() },
    ]);
    expect([...subscriptions].sort()).toEqual(flows.map((flow) => flow.bookingId).sort());
    task.cancel();
  });

  it('applies the snapshots of the acknowledgement: that is the resync', async () => {
    const { store, socket, subscriptions, sagaMiddleware, linkedFlow } = setup((ids) =>
      ids.map((bookingId) => ({
        paymentId: 'pay_1',
        bookingId,
        status: 'succeeded',
        seq: 3,
        occurredAt: 5,
      })),
    );
    const { flowId } = linkedFlow();

    await sagaMiddleware.run(resubscribeAll, socket, subscriptions, 100).toPromise();
    await new Promise((resolve) => setImmediate(resolve));

    expect(selectFlowById(store.getState(), flowId)?.status).toBe('succeeded');
  });

  it.each([
    [
      'refused (issue 8, item 2)',
      (bookingId: string) =>
        Promise.resolve({ snapshots: [], rejected: [{ bookingId, code: 'not_found' }] }),
    ],
    [
      'answered with an error (issue 16)',
      () => Promise.resolve({ error: { code: 'internal_error', message: 'x' } }),
    ],
    ['not acknowledged in time (issue 16)', () => Promise.reject(new Error('timed out'))],
  ])('a subscribe %s sends the flow paying for it to ask over REST', async (_name, answer) => {
    const { store, fake, socket, sagaMiddleware, linkedFlow } = setup();
    const { flowId, bookingId } = linkedFlow();
    store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_slow', at: 4 }));
    store.dispatch(
      paymentStatusesReceived({
        updates: [{ paymentId: 'pay_1', status: 'processing', seq: 2, occurredAt: 5 }],
        at: 5,
      }),
    );
    fake.timeout = () => ({ emitWithAck: () => answer(bookingId) });

    await sagaMiddleware.run(subscribe, socket, [bookingId], 100).toPromise();

    expect(selectFlowById(store.getState(), flowId)?.status).toBe('reconciling');
  });

  it('a link racing the connect-time resubscribe is sent once per connection (issue 16)', async () => {
    const { store, fake, socket, subscriptions, sagaMiddleware, linkedFlow } = setup();
    const task = sagaMiddleware.run(syncSubscriptions, socket, subscriptions, 100);
    store.dispatch(socketDisconnected({ reason: 'transport close', at: 4 }));
    subscriptions.clear();
    // socket.io has reconnected; the realtime saga has not handled `connect` yet.
    fake.connected = true;
    const early = linkedFlow();
    expect(fake.sent).toEqual([]);

    await sagaMiddleware.run(resubscribeAll, socket, subscriptions, 100).toPromise();
    store.dispatch(socketConnected({ at: 5 }));
    const late = linkedFlow();

    expect(subscribes(fake.sent)).toEqual([
      { event: 'flows:subscribe', bookingIds: [early.bookingId] },
      { event: 'flows:subscribe', bookingIds: [late.bookingId] },
    ]);
    task.cancel();
  });

  it('linking a flow looks at its own booking only, not at every flow held (issue 11)', () => {
    const { store, fake, socket, subscriptions, sagaMiddleware, linkedFlow } = setup();
    const task = sagaMiddleware.run(syncSubscriptions, socket, subscriptions, 100);
    for (let i = 0; i < 50; i += 1) linkedFlow();
    const recomputed = selectSubscribedBookingIds.recomputations();

    const last = linkedFlow();
    store.dispatch(flowCancelled({ flowId: last.flowId, at: 9 }));

    expect(selectSubscribedBookingIds.recomputations()).toBe(recomputed);
    expect(subscribes(fake.sent)).toHaveLength(51);
    expect(fake.sent.at(-1)).toEqual({ event: 'flows:unsubscribe', bookingIds: [last.bookingId] });
    task.cancel();
  });

  it('a watched finished flow that leaves the store is unsubscribed (issue 11)', () => {
    const { store, fake, socket, subscriptions, sagaMiddleware, linkedFlow } = setup();
    const task = sagaMiddleware.run(syncSubscriptions, socket, subscriptions, 100);
    const watched = linkedFlow();
    store.dispatch(flowWatched({ flowId: watched.flowId }));
    store.dispatch(flowCancelled({ flowId: watched.flowId, at: 4 }));
    expect(fake.sent.filter((m) => m.event === 'flows:unsubscribe')).toEqual([]);

    store.dispatch(flowsRetired({ flowIds: [watched.flowId], at: 5 }));

    expect(fake.sent.at(-1)).toEqual({
      event: 'flows:unsubscribe',
      bookingIds: [watched.bookingId],
    });
    task.cancel();
  });

  it('a link that comes after the connect-time resubscribe looked, but before the connection is announced, is sent on the announcement', () => {
    const { store, fake, socket, subscriptions, sagaMiddleware, linkedFlow } = setup();
    const task = sagaMiddleware.run(syncSubscriptions, socket, subscriptions, 100);
    store.dispatch(socketDisconnected({ reason: 'transport close', at: 4 }));
    subscriptions.clear();
    fake.connected = true;
    // resubscribeAll found nothing to send; then this flow is linked.
    const between = linkedFlow();
    expect(fake.sent).toEqual([]);

    store.dispatch(socketConnected({ at: 5 }));

    expect(subscribes(fake.sent)).toEqual([
      { event: 'flows:subscribe', bookingIds: [between.bookingId] },
    ]);
    task.cancel();
  });

  it('without a running sync (no socket), linking flows queues nothing: the checks do not pile up', () => {
    const { registry, linkedFlow } = setup();
    for (let i = 0; i < 100; i += 1) linkedFlow();

    let queued: unknown = ['not flushed'];
    registry.subscriptionChecks.flush((messages) => {
      queued = messages;
    });
    expect(queued).toEqual([]);
  });
});
