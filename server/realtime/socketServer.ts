import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { AccessTokens } from '../accessTokens';
import type { RealtimeServer } from './events';
import { refuseForeignRecovery } from './recoveryGuard';
import { socketAuth } from './socketAuth';
import { handleSubscriptions, type SubscriptionDeps } from './subscriptions';

export interface SocketServerDeps extends SubscriptionDeps {
  tokens: AccessTokens;
  /** Origins allowed for the HTTP long-polling transport (CORS); empty: same origin only. */
  corsOrigins: readonly string[];
}

/** How long socket.io keeps a dropped socket's rooms and missed events for it to recover. */
const RECOVERY_WINDOW_MS = 2 * 60 * 1000;

/** A socket.io server on `httpServer`'s port, at the default path `/socket.io/`. */
export function createSocketServer(httpServer: HttpServer, deps: SocketServerDeps): RealtimeServer {
  const { value: io, intervals } = capturingIntervals(
    (): RealtimeServer =>
      new Server(httpServer, {
        ...(deps.corsOrigins.length === 0 ? {} : { cors: { origin: [...deps.corsOrigins] } }),
        connectionStateRecovery: {
          maxDisconnectionDuration: RECOVERY_WINDOW_MS,
          // A recovering socket is authenticated again: its token may have been revoked meanwhile.
          skipMiddlewares: false,
        },
      }),
  );
  // socket.io-adapter's session store (connection state recovery) starts a cleanup interval that
  // its close() never clears: every stopped socket.io server would keep a timer running and stay
  // in memory, with its sessions, for good. Cleared here once socket.io has closed.
  const close = io.close.bind(io);
  io.close = async (fn) => {
    try {
      await close(fn);
    } finally {
      for (const handle of intervals) clearInterval(handle);
    }
  };
  refuseForeignRecovery(io, deps.tokens);
  io.use(socketAuth(deps.tokens));
  io.on('connection', (socket) => {
    handleSubscriptions(socket, deps);
  });
  return io;
}

/** Runs `create`, noting every interval it starts (synchronously). */
function capturingIntervals<T>(create: () => T): { value: T; intervals: NodeJS.Timeout[] } {
  const intervals: NodeJS.Timeout[] = [];
  const original = globalThis.setInterval;
  const capturing = ((...args: Parameters<typeof setInterval>) => {
    const handle = original(...args);
    intervals.push(handle);
    return handle;
  }) as typeof setInterval;
  globalThis.setInterval = capturing;
  try {
    return { value: create(), intervals };
  } finally {
    globalThis.setInterval = original;
  }
}
