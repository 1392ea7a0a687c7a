import type { ExtendedError } from 'socket.io';
import type { AccessTokens } from '../accessTokens';
import type { RealtimeSocket } from './events';

/**
 * Handshake check. The token is read from `handshake.auth` only: a token in the query string
 * would end up in proxy and server logs, so one there is ignored, not accepted.
 */
export function socketAuth(tokens: AccessTokens) {
  return (socket: RealtimeSocket, next: (error?: ExtendedError) => void): void => {
    const auth = socket.handshake.auth as Record<string, unknown>;
    const token = auth.token;
    if (typeof token !== 'string' || !tokens.accepts(token)) {
      next(unauthorized());
      return;
    }
    socket.data.owner = tokens.ownerOf(token);
    next();
  };
}

/** Reaches the client as a `connect_error` with this message and `data`. */
function unauthorized(): ExtendedError {
  const error: ExtendedError = new Error('unauthorized');
  error.data = { code: 'unauthorized' };
  return error;
}
