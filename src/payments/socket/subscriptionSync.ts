import type { Socket } from 'socket.io-client';
import { call, flush, fork, put, select, take } from 'typed-redux-saga';
import type { Action } from '@reduxjs/toolkit';
import {
  bookingCreated,
  flowsRetired,
  paymentStatusesReceived,
  subscriptionsRefused,
} from '../paymentFlowsSlice.js';
import { isTerminal } from '../statusMachine.js';
import { flowUnwatched, flowWatched, selectConnectionStatus } from './connectionSlice.js';
import { getDeps } from '../sagas/deps.js';
import { getRegistry, type FlowRegistry, type SubscriptionCheck } from '../sagas/flowRegistry.js';
import type { PaymentFlow, PaymentStatusUpdate } from '../types.js';
import { describeIssues } from '../apiSchemas.js';
import { subscribeAckSchema } from './socketSchemas.js';
import {
  diffSubscriptions,
  selectChangesFor,
  selectSubscribedBookingIds,
} from './subscriptions.js';

/**
 * Whether `action` can change which bookings we want: a link, a watcher, a flow that has just
 * ended or left the store. Cheap, so most status events cost the sync nothing.
 */
export function mayChangeSubscriptions(action: Action, touched: readonly PaymentFlow[]): boolean {
  return (
    bookingCreated.match(action) ||
    flowWatched.match(action) ||
    flowUnwatched.match(action) ||
    flowsRetired.match(action) ||
    touched.some((flow) => isTerminal(flow))
  );
}

/** The bookings the server is sending us events for, on the current connection. */
export type ServerSubscriptions = Set<string>;

async function requestSubscription(socket: Socket, bookingIds: string[], timeoutMs: number) {
  const ack: unknown = await socket
    .timeout(timeoutMs)
    .emitWithAck('flows:subscribe', { bookingIds });
  return ack;
}

/**
 * One `flows:subscribe` for all of `bookingIds`; its acknowledgement carries each booking's
 * authoritative status, and applying it is the resync.
 */
export function* subscribe(socket: Socket, bookingIds: string[], ackTimeoutMs: number) {
  const { logger, now } = yield* getDeps();
  const { refusedBookings } = yield* getRegistry();
  let ack: unknown;
  try {
    ack = yield* call(requestSubscription, socket, bookingIds, ackTimeoutMs);
  } catch (error) {
    logger.warn('flows:subscribe was not acknowledged; those flows ask over REST', {
      count: bookingIds.length,
      reason: error instanceof Error ? error.message : String(error),
    });
    for (const bookingId of bookingIds) refusedBookings.add(bookingId);
    yield* put(subscriptionsRefused({ bookingIds, at: now() }));
    return;
  }
  const parsed = subscribeAckSchema.safeParse(ack);
  if (!parsed.success) {
    // An error answer (`{ error }`) or a malformed one: no resync came, so ask over REST.
    logger.warn(`dropped flows:subscribe ack: ${describeIssues(parsed.error)}`);
    for (const bookingId of bookingIds) refusedBookings.add(bookingId);
    yield* put(subscriptionsRefused({ bookingIds, at: now() }));
    return;
  }
  const { snapshots, rejected } = parsed.data;
  for (const bookingId of bookingIds) refusedBookings.delete(bookingId);
  for (const { bookingId } of rejected) refusedBookings.add(bookingId);
  if (rejected.length > 0) {
    logger.warn('server refused some subscriptions', { rejected });
    // No event will come for these: their flows must ask over REST instead.
    yield* put(subscriptionsRefused({ bookingIds: rejected.map((r) => r.bookingId), at: now() }));
  }
  if (snapshots.length > 0) {
    const updates: PaymentStatusUpdate[] = snapshots;
    yield* put(paymentStatusesReceived({ updates, at: now() }));
  }
}

/**
 * On every connect: everything we want, in one message. The only path after a reconnect.
 * Delegate to it with `yield*`: its fork then belongs to the caller's task and never blocks it.
 */
export function* resubscribeAll(
  socket: Socket,
  subscriptions: ServerSubscriptions,
  ackTimeoutMs: number,
) {
  const bookingIds = yield* select(selectSubscribedBookingIds);
  // A new connection: what the last one refused is asked for again.
  (yield* getRegistry()).refusedBookings.clear();
  subscriptions.clear();
  for (const bookingId of bookingIds) subscriptions.add(bookingId);
  if (bookingIds.length > 0) yield* fork(subscribe, socket, [...bookingIds], ackTimeoutMs);
}

/**
 * Follows the set of flows to watch while connected: newly linked flows subscribe, finished
 * ones unsubscribe. Until the connect-time resubscribe has run it emits nothing, since socket.io
 * would buffer the emits and replay them after the batched resubscribe, subscribing twice: the
 * connect-time resubscribe owns the set until the connection is announced.
 */
export function* syncSubscriptions(
  socket: Socket,
  subscriptions: ServerSubscriptions,
  ackTimeoutMs: number,
) {
  const registry = yield* getRegistry();
  const { subscriptionChecks } = registry;
  registry.syncingSubscriptions = true;
  try {
    yield* followChecks(socket, subscriptions, ackTimeoutMs, subscriptionChecks);
  } finally {
    registry.syncingSubscriptions = false;
  }
}

function* followChecks(
  socket: Socket,
  subscriptions: ServerSubscriptions,
  ackTimeoutMs: number,
  subscriptionChecks: FlowRegistry['subscriptionChecks'],
) {
  // Checks that came before the connection was announced: the connect-time resubscribe covers
  // them, unless they came between its look at the state and the announcement.
  let deferred: SubscriptionCheck[] = [];
  for (;;) {
    const checks = [
      ...deferred,
      yield* take(subscriptionChecks),
      ...(yield* flush(subscriptionChecks)),
    ];
    // Connected as announced, not `socket.connected`: that turns true before the connect-time
    // resubscribe has refilled `subscriptions`, and a diff then would send every booking twice.
    // And connected in fact: after a drop the announcement lags until the disconnect is handled,
    // and an emit meanwhile is buffered by socket.io and replayed on the next connection.
    if ((yield* select(selectConnectionStatus)) !== 'connected' || !socket.connected) {
      deferred = checks.includes('all') ? ['all'] : checks;
      continue;
    }
    deferred = [];
    const changes = checks.includes('all')
      ? diffSubscriptions(subscriptions, yield* select(selectSubscribedBookingIds))
      : yield* select(selectChangesFor, subscriptions, checks.flat());
    for (const bookingId of changes.unsubscribe) subscriptions.delete(bookingId);
    if (changes.unsubscribe.length > 0) {
      socket.emit('flows:unsubscribe', { bookingIds: changes.unsubscribe });
    }
    for (const bookingId of changes.subscribe) subscriptions.add(bookingId);
    if (changes.subscribe.length > 0)
      yield* fork(subscribe, socket, changes.subscribe, ackTimeoutMs);
  }
}
