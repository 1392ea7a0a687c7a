import type { AccessTokens } from '../accessTokens';
import type { RealtimeServer, SocketData } from './events';

/**
 * socket.io's connection state recovery restores a session from the `pid` and `offset` a
 * reconnecting client sends in its handshake: the old socket's rooms are joined and the events it
 * missed are written to the connection, before any middleware runs (`skipMiddlewares: false`
 * only decides whether the connection is then refused). A `pid` leaked to someone else would
 * hand them the owner's events, and a revoked token would still receive what it missed.
 *
 * So the session is looked at first: only a handshake whose token is accepted and acts for the
 * session's owner may recover it. Any other handshake goes on without `pid` and `offset`, as a
 * fresh connection (`recovered` false, no rooms, no missed events), and is then authenticated
 * as usual.
 */
export function refuseForeignRecovery(io: RealtimeServer, tokens: AccessTokens): void {
  const namespace = io.of('/');
  const add = namespace._add.bind(namespace);
  namespace._add = async (client, auth, connected) => {
    const mayRecover = await sessionBelongsTo(auth, tokens, (pid, offset) =>
      namespace.adapter.restoreSession(pid, offset),
    );
    await add(client, mayRecover ? auth : withoutSession(auth), connected);
  };
}

async function sessionBelongsTo(
  auth: Record<string, unknown>,
  tokens: AccessTokens,
  restore: (pid: string, offset: string) => Promise<{ data: unknown } | null> | null,
): Promise<boolean> {
  const { pid, offset, token } = auth;
  if (typeof pid !== 'string' || typeof offset !== 'string') return true;
  if (typeof token !== 'string' || !tokens.accepts(token)) return false;
  // restoreSession only reads: the session stays for socket.io's own restore just after this.
  // (It answers null, not a promise, for a session it does not hold.)
  let session: { data: unknown } | null;
  try {
    session = await restore(pid, offset);
  } catch {
    session = null;
  }
  if (session === null) return true;
  return ownerOf(session.data) === tokens.ownerOf(token);
}

function ownerOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || !('owner' in data)) return undefined;
  const { owner } = data as Partial<SocketData>;
  return typeof owner === 'string' ? owner : undefined;
}

function withoutSession(auth: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...auth };
  delete rest.pid;
  delete rest.offset;
  return rest;
}
