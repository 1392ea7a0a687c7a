import { io, type Socket } from 'socket.io-client';

export interface SocketOptions {
  url: string;
  /** socket.io's path on the server; default '/socket.io'. */
  path?: string;
  /** Read on every (re)connect and sent in the handshake `auth`, never in the URL. */
  getAuthToken?: () => string | undefined;
  /** Called when the server refuses the token, before the next attempt. */
  refreshAuthToken?: () => Promise<void> | void;
  reconnectionDelay?: number;
  reconnectionDelayMax?: number;
  /** Jitter: each delay is varied by up to this fraction. */
  randomizationFactor?: number;
  transports?: ('websocket' | 'polling' | 'webtransport')[];
  /** How long to wait for the server to acknowledge a subscription. */
  ackTimeoutMs?: number;
}

/**
 * The one socket of a store. It does not connect by itself: the socket saga connects it once
 * its handlers are registered, so no early event is missed.
 */
export function createPaymentSocket(options: SocketOptions): Socket {
  return io(options.url, {
    autoConnect: false,
    path: options.path ?? '/socket.io',
    auth: (send) => {
      send({ token: options.getAuthToken?.() });
    },
    reconnection: true,
    reconnectionDelay: options.reconnectionDelay ?? 500,
    reconnectionDelayMax: options.reconnectionDelayMax ?? 5_000,
    randomizationFactor: options.randomizationFactor ?? 0.5,
    ...(options.transports ? { transports: options.transports } : {}),
  });
}
