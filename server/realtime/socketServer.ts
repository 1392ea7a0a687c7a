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
  const io: RealtimeServer = new Server(httpServer, {
    ...(deps.corsOrigins.length === 0 ? {} : { cors: { origin: [...deps.corsOrigins] } }),
    connectionStateRecovery: {
      maxDisconnectionDuration: RECOVERY_WINDOW_MS,
      // A recovering socket is authenticated again: its token may have been revoked meanwhile.
      skipMiddlewares: false,
    },
  });
  refuseForeignRecovery(io, deps.tokens);
  io.use(socketAuth(deps.tokens));
  io.on('connection', (socket) => {
    handleSubscriptions(socket, deps);
  });
  return io;
}
