import type { HoldManager } from '../holds';
import type { RateLimiter } from '../rateLimiter';
import { bookingIdsSchema, describeFirstIssue } from '../schemas';
import type { DemoStore } from '../store';
import type { ErrorBody, PaymentSnapshot, SubscribeAck, UnsubscribeAck } from '../wireTypes';
import { roomFor, type MessageCounters, type RealtimeSocket } from './events';

export interface SubscriptionDeps {
  store: DemoStore;
  holds: HoldManager;
  counters: MessageCounters;
  /** Per owner, shared by all of its sockets: each message costs `MESSAGE_COST` + its ids. */
  subscribeLimiter: RateLimiter;
}

/** What a message costs beyond its ids, so that a flood of empty ones is limited too. */
const MESSAGE_COST = 10;

type Ack<T> = (response: T | ErrorBody) => void;

/** `flows:subscribe` and `flows:unsubscribe` for one socket. Neither ever throws. */
export function handleSubscriptions(socket: RealtimeSocket, deps: SubscriptionDeps): void {
  socket.on('flows:subscribe', (...args) => {
    deps.counters.subscribeMessages += 1;
    const { payload, ack } = splitAck(args);
    void answer(ack, () => limited(socket, deps, payload, () => subscribe(socket, deps, payload)));
  });
  socket.on('flows:unsubscribe', (...args) => {
    deps.counters.unsubscribeMessages += 1;
    const { payload, ack } = splitAck(args);
    void answer(ack, () => limited(socket, deps, payload, () => unsubscribe(socket, payload)));
  });
}

/**
 * Runs `work` if the socket's owner has the allowance for it; otherwise acks `rate_limited` and
 * does nothing. The cost is counted before validation, so invalid floods are limited too.
 */
async function limited<T>(
  socket: RealtimeSocket,
  { subscribeLimiter }: SubscriptionDeps,
  payload: unknown,
  work: () => Promise<T | ErrorBody>,
): Promise<T | ErrorBody> {
  const waitMs = subscribeLimiter.take(`owner:${socket.data.owner}`, costOf(payload));
  if (waitMs > 0) {
    return {
      error: {
        code: 'rate_limited',
        message: `Too many subscriptions; retry in ${Math.ceil(waitMs / 1000)} s.`,
      },
    };
  }
  return work();
}

function costOf(payload: unknown): number {
  if (typeof payload !== 'object' || payload === null || !('bookingIds' in payload)) {
    return MESSAGE_COST;
  }
  const { bookingIds } = payload;
  return MESSAGE_COST + (Array.isArray(bookingIds) ? bookingIds.length : 0);
}

async function subscribe(
  socket: RealtimeSocket,
  { store, holds, counters }: SubscriptionDeps,
  payload: unknown,
): Promise<SubscribeAck | ErrorBody> {
  const parsed = bookingIdsSchema.safeParse(payload);
  if (!parsed.success) return invalidRequest(describeFirstIssue(parsed.error, 'payload'));
  const allowed: string[] = [];
  const rejected: SubscribeAck['rejected'] = [];
  for (const bookingId of new Set(parsed.data.bookingIds)) {
    // Another owner's booking is rejected exactly as an unknown one: no existence oracle.
    const booking = store.bookings.get(bookingId);
    if (booking?.owner === socket.data.owner) allowed.push(bookingId);
    else rejected.push({ bookingId, code: 'not_found' });
  }
  counters.repeatSubscriptions += allowed.filter((id) => socket.rooms.has(roomFor(id))).length;
  // Join first, read second: a change after the read is then always also sent as an event.
  await socket.join(allowed.map(roomFor));
  const snapshots = allowed.flatMap((bookingId): PaymentSnapshot[] => {
    // Like every HTTP read, a subscription never reports a hold that has already lapsed.
    holds.expireIfDue(bookingId);
    const paymentId = store.bookings.get(bookingId)?.paymentId ?? null;
    const payment = paymentId === null ? undefined : store.payments.get(paymentId);
    return payment === undefined ? [] : [payment];
  });
  return { snapshots, rejected };
}

async function unsubscribe(
  socket: RealtimeSocket,
  payload: unknown,
): Promise<UnsubscribeAck | ErrorBody> {
  const parsed = bookingIdsSchema.safeParse(payload);
  if (!parsed.success) return invalidRequest(describeFirstIssue(parsed.error, 'payload'));
  for (const bookingId of parsed.data.bookingIds) await socket.leave(roomFor(bookingId));
  return { ok: true };
}

/** socket.io passes the ack callback last, so a message sent with no payload has it first. */
function splitAck(args: unknown[]): { payload: unknown; ack: unknown } {
  const last = args.at(-1);
  if (typeof last !== 'function') return { payload: args[0], ack: undefined };
  return { payload: args.length > 1 ? args[0] : undefined, ack: last };
}

/** Runs `work` and acks its result, or an error; a client that gave no ack just gets nothing. */
async function answer<T>(ack: unknown, work: () => Promise<T | ErrorBody>): Promise<void> {
  let response: T | ErrorBody;
  try {
    response = await work();
  } catch (error) {
    console.error('Socket message failed', error);
    response = {
      error: { code: 'internal_error', message: 'The demo server failed unexpectedly.' },
    };
  }
  if (isAck<T>(ack)) ack(response);
}

function isAck<T>(value: unknown): value is Ack<T> {
  return typeof value === 'function';
}

function invalidRequest(message: string): ErrorBody {
  return { error: { code: 'invalid_request', message } };
}
