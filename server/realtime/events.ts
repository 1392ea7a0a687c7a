import type { Server, Socket } from 'socket.io';

/**
 * Client messages are untrusted: any number of arguments of any type may arrive, so handlers
 * take them all and validate (`splitAck`) before use.
 */
export interface ClientToServerEvents {
  'flows:subscribe': (...args: unknown[]) => void;
  'flows:unsubscribe': (...args: unknown[]) => void;
}

/**
 * Open-ended on purpose: `emitRaw` sends arbitrary (even malformed) events in tests. The
 * well-formed `payment:status` is typed where it is built, in `StatusBroadcaster`.
 */
export type ServerToClientEvents = Record<string, (payload: unknown) => void>;

/** Set by the auth middleware before the connection is accepted. */
export interface SocketData {
  owner: string;
}

export type RealtimeServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

export type RealtimeSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

export const PAYMENT_STATUS_EVENT = 'payment:status';

/** Every socket following a booking is in its room; status events go to the room. */
export function roomFor(bookingId: string): string {
  return `booking:${bookingId}`;
}

/** Counters that outlive a restart of the socket.io server. */
export interface MessageCounters {
  subscribeMessages: number;
  unsubscribeMessages: number;
  statusEventsSent: number;
  /** Booking ids a socket asked for while already in their room: a client's wasted work. */
  repeatSubscriptions: number;
}
