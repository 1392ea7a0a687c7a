import type { EventChannel } from 'redux-saga';
import type { Socket } from 'socket.io-client';
import { call, delay, flush, fork, put, take, takeEvery } from 'typed-redux-saga';
import { bookingCreated, paymentStatusesReceived } from '../paymentFlowsSlice.js';
import { backoffDelay, getDeps } from '../sagas/deps.js';
import type { PaymentStatusUpdate } from '../types.js';
import {
  socketConnectFailed,
  socketConnected,
  socketConnecting,
  socketDisconnected,
  socketReconnectAttempted,
} from './connectionSlice.js';
import type { SocketOptions } from './paymentSocket.js';
import { createPendingUpdates, type PendingUpdates } from './pendingUpdates.js';
import { createSocketChannel, type SocketEvent } from './socketChannel.js';
import { applyStatusEvents, parseStatusEvent } from './statusEvents.js';
import { resubscribeAll, syncSubscriptions, type ServerSubscriptions } from './subscriptionSync.js';

const PENDING_LIMITS = { maxCount: 500, maxAgeMs: 10_000 };

interface Realtime {
  socket: Socket;
  options: SocketOptions;
  subscriptions: ServerSubscriptions;
  pending: PendingUpdates;
  /** Reconnects we start ourselves, where socket.io does not retry: reset on connect. */
  manualAttempts: number;
}

/** socket.io retries transport failures itself; a server kick or a refused token it leaves to us. */
function* reconnectManually(realtime: Realtime, refreshToken: boolean) {
  const { timings, random, logger, now } = yield* getDeps();
  realtime.manualAttempts += 1;
  const refresh = realtime.options.refreshAuthToken;
  if (refreshToken && refresh) {
    try {
      yield* call(async () => {
        await refresh();
      });
    } catch (error) {
      // The host could not refresh the token: try again with what it has, after the backoff.
      logger.error('refreshAuthToken failed', {
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  const wait = backoffDelay(realtime.manualAttempts, timings.manualReconnect, random);
  logger.info(`reconnecting in ${wait} ms`, { attempt: realtime.manualAttempts });
  yield* delay(wait);
  if (realtime.socket.connected) return;
  // socket.io reports only its own attempts: ours count too, or a token refused for good
  // would leave the store 'connecting' or 'reconnecting' for ever, never 'offline'.
  yield* put(socketReconnectAttempted({ attempt: realtime.manualAttempts, at: now() }));
  realtime.socket.connect();
}

function* handleConnectionEvent(
  realtime: Realtime,
  event: Exclude<SocketEvent, { type: 'status' }>,
) {
  const { now, logger } = yield* getDeps();
  switch (event.type) {
    case 'connected':
      realtime.manualAttempts = 0;
      logger.debug('socket connected; resubscribing every active flow');
      // Before announcing the connection: the subscription sync must see them as subscribed.
      // The acknowledgement is awaited in a fork of the socket's task: the connection is
      // announced at once, not after the server has answered.
      yield* resubscribeAll(realtime.socket, realtime.subscriptions, ackTimeout(realtime));
      yield* put(socketConnected({ at: now() }));
      return;
    case 'disconnected':
      realtime.subscriptions.clear();
      logger.warn(`socket disconnected: ${event.reason}`);
      yield* put(socketDisconnected({ reason: event.reason, at: now() }));
      if (event.reason === 'io server disconnect') yield* fork(reconnectManually, realtime, false);
      return;
    case 'connectError':
      logger.warn(`socket connect error: ${event.message}`);
      yield* put(socketConnectFailed({ message: event.message, at: now() }));
      if (event.rejected) yield* fork(reconnectManually, realtime, true);
      return;
    case 'reconnectAttempt':
      yield* put(socketReconnectAttempted({ attempt: event.attempt, at: now() }));
  }
}

const ackTimeout = (realtime: Realtime) => realtime.options.ackTimeoutMs ?? 5_000;

/**
 * Events in arrival order; consecutive status events become one batched store update. Run it
 * by delegation (`yield*`), never by `call`: what it forks (an ack to await, a reconnect
 * backoff) then belongs to the socket's task, and the socket loop never waits for it.
 */
function* handleSocketEvents(realtime: Realtime, events: SocketEvent[]) {
  const { logger } = yield* getDeps();
  let batch: PaymentStatusUpdate[] = [];
  for (const event of events) {
    if (event.type === 'status') {
      const update = parseStatusEvent(event.payload, logger);
      if (update) batch.push(update);
      continue;
    }
    if (batch.length > 0) yield* call(applyStatusEvents, batch, realtime.pending);
    batch = [];
    yield* handleConnectionEvent(realtime, event);
  }
  if (batch.length > 0) yield* call(applyStatusEvents, batch, realtime.pending);
}

function* releasePendingOnLink(pending: PendingUpdates) {
  const { now } = yield* getDeps();
  yield* takeEvery(bookingCreated, function* applyHeldUpdates(action) {
    // Any bookingCreated reaches here, also a host's malformed one (the reducer refused it).
    const payment: unknown = (action.payload as { payment?: unknown } | undefined)?.payment;
    const paymentId: unknown =
      typeof payment === 'object' && payment !== null
        ? (payment as { paymentId?: unknown }).paymentId
        : undefined;
    const held = typeof paymentId === 'string' ? pending.release(paymentId) : [];
    if (held.length > 0) yield* put(paymentStatusesReceived({ updates: held, at: now() }));
  });
}

/**
 * A turn that brings at least `moreThan` events means a burst is still coming in: up to `turns`
 * more are waited for, and a step takes at most about `maxEvents` (at 10,000 flows, ~0.2 s of
 * reducer work in one task; the step it replaces was ~7,000 events and ~0.1 s).
 */
const GATHER = { moreThan: 256, turns: 4, maxEvents: 25_000 };

/**
 * The events to handle as one reducer step: every message already received (one turn of the
 * event loop lets it arrive), and, while a burst keeps coming, what a few more turns bring. At
 * 10,000 flows a step costs per flow it changes more than per event: a bigger step changes each
 * flow once for more of its events. A trickle (fewer than `moreThan` a turn) waits no longer.
 */
function* gatherBurst(channel: EventChannel<SocketEvent>, first: SocketEvent) {
  const events = [first];
  for (let turn = 0; turn <= GATHER.turns; turn += 1) {
    yield* delay(0);
    const more = yield* flush(channel);
    for (const event of more) events.push(event);
    if (more.length < GATHER.moreThan || events.length >= GATHER.maxEvents) break;
  }
  return events;
}

/**
 * Owns the socket for the life of the store: connection status, batched resubscribe and
 * resync on every connect, status events into the store. Cancelling it closes the channel,
 * which removes every listener, and disconnects.
 */
export function* realtimeSaga(socket: Socket, options: SocketOptions) {
  const { now } = yield* getDeps();
  const realtime: Realtime = {
    socket,
    options,
    subscriptions: new Set(),
    pending: createPendingUpdates(PENDING_LIMITS, now),
    manualAttempts: 0,
  };
  const channel = createSocketChannel(socket);
  try {
    yield* fork(syncSubscriptions, socket, realtime.subscriptions, ackTimeout(realtime));
    yield* fork(releasePendingOnLink, realtime.pending);
    yield* put(socketConnecting({ at: now() }));
    socket.connect();
    for (;;) {
      const first = yield* take(channel);
      yield* handleSocketEvents(realtime, yield* gatherBurst(channel, first));
    }
  } finally {
    channel.close();
    socket.disconnect();
  }
}
