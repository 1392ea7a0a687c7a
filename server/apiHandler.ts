import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './apiError';
import type { AccessTokens } from './accessTokens';
import { sameSecret } from './challenges';
import type { FaultState } from './faults';
import { errorResponse, headerValue, readJsonBody, sendJson, type JsonResponse } from './http';
import type { RateLimiter } from './rateLimiter';
import { matchRoute, type Route, type RouteContext, type RouteMatch } from './router';
import type { TimerRegistry } from './timers';

export interface ApiHandlerDeps {
  routes: readonly Route[];
  tokens: AccessTokens;
  faults: FaultState;
  timers: TimerRegistry;
  /** Per caller (owner, or address without a token): every /api request takes one unit. */
  restLimiter: RateLimiter;
  /** Requests without `Authorization` act for the default token's owner while it is accepted. */
  anonymousDemoUser: boolean;
  /** What `X-Fault-Secret` must be for the fault endpoints (mounted only with faults on). */
  faultSecret: string | undefined;
}

/** Fault controls answer without the injected delay, so a test can always switch it off. */
export const FAULT_PATH_PREFIX = '/api/_';

export async function handleApi(
  deps: ApiHandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  const response = await apiResponse(deps, req, pathname);
  const faultable = !pathname.startsWith(FAULT_PATH_PREFIX);
  if (faultable) await deps.timers.sleep(deps.faults.responseDelayMs);
  // The work is done; only the answer is lost, as when a connection drops on its way back.
  if (faultable && deps.faults.takeResponseLoss()) res.destroy();
  if (!res.destroyed) sendJson(res, response);
}

/** Who sent a request: the owner of a valid token, nobody, or an invalid token. */
export type Caller = { kind: 'owner'; owner: string } | { kind: 'anonymous' } | { kind: 'invalid' };

async function apiResponse(
  deps: ApiHandlerDeps,
  req: IncomingMessage,
  pathname: string,
): Promise<JsonResponse> {
  const method = req.method ?? 'GET';
  try {
    const caller = identify(req, deps);
    limitRate(deps.restLimiter, caller, req);
    const match = matchRoute(deps.routes, method, pathname);
    const reachable = match !== undefined && mayReach(match.route, req, deps);
    // The 3-D Secure answer and the fault endpoints take no bearer token: one that comes along
    // (a stale one, say) is ignored there, not refused.
    const tokenless =
      reachable && (match.route.access === 'public' || match.route.access === 'faultSecret');
    if (caller.kind === 'invalid' && !tokenless) {
      throw new ApiError(401, 'unauthorized', 'The bearer token is not valid.');
    }
    if (match === undefined || !reachable) {
      throw new ApiError(404, 'not_found', `No endpoint ${method} ${pathname}.`);
    }
    const body = method === 'POST' ? await readJsonBody(req) : undefined;
    const context: RouteContext = {
      param: (name) => requireParam(match, name),
      body,
      idempotencyKey: headerValue(req, 'Idempotency-Key'),
      origin: requestOrigin(req),
    };
    const { route } = match;
    if (route.access === 'public' || route.access === 'faultSecret') {
      return await route.handle(context);
    }
    if (caller.kind !== 'owner') {
      throw new ApiError(401, 'unauthorized', 'A bearer token is required.');
    }
    return await route.handle({ ...context, owner: caller.owner });
  } catch (error) {
    if (error instanceof RateLimited) return rateLimitedResponse(error.retryAfterMs);
    if (error instanceof ApiError) return errorResponse(error);
    console.error(`Unexpected error in ${method} ${pathname}`, error);
    return errorResponse(
      new ApiError(500, 'internal_error', 'The demo server failed unexpectedly.'),
    );
  }
}

/**
 * A token that is present must be accepted (else 401). Without one, a request is anonymous,
 * unless the server runs with the demo user on: then it acts for the default token's owner, but
 * only while that token is itself accepted (not after it was revoked or rotated away).
 */
function identify(req: IncomingMessage, deps: ApiHandlerDeps): Caller {
  const { tokens } = deps;
  const authorization = headerValue(req, 'Authorization');
  if (authorization === undefined) {
    if (deps.anonymousDemoUser && tokens.accepts(tokens.defaultToken)) {
      return { kind: 'owner', owner: tokens.ownerOf(tokens.defaultToken) };
    }
    return { kind: 'anonymous' };
  }
  const token = authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : '';
  if (!tokens.accepts(token)) return { kind: 'invalid' };
  return { kind: 'owner', owner: tokens.ownerOf(token) };
}

/** A fault endpoint exists only for a request with the fault secret; to others it is a 404. */
function mayReach(route: Route, req: IncomingMessage, deps: ApiHandlerDeps): boolean {
  if (route.access !== 'faultSecret') return true;
  const given = headerValue(req, 'X-Fault-Secret');
  return (
    deps.faultSecret !== undefined && given !== undefined && sameSecret(deps.faultSecret, given)
  );
}

/** `host[:port]` or `[v6]:port`: nothing that could smuggle a path, a user or a scheme in. */
const HOST_HEADER = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The origin the client reached: behind the dev server's proxy (which keeps `Host`) or on a
 * server bound to 0.0.0.0, the server's own listening address is not where the browser is.
 */
function requestOrigin(req: IncomingMessage): string | undefined {
  const host = headerValue(req, 'Host');
  return host !== undefined && HOST_HEADER.test(host) ? `http://${host}` : undefined;
}

class RateLimited extends Error {
  constructor(readonly retryAfterMs: number) {
    super('rate limited');
  }
}

function limitRate(limiter: RateLimiter, caller: Caller, req: IncomingMessage): void {
  const waitMs = limiter.take(callerKey(caller, req));
  if (waitMs > 0) throw new RateLimited(waitMs);
}

/** Callers with a valid token are counted by owner (a refreshed token shares the bucket). */
export function callerKey(caller: Caller, req: IncomingMessage): string {
  return caller.kind === 'owner'
    ? `owner:${caller.owner}`
    : `address:${req.socket.remoteAddress ?? 'unknown'}`;
}

export function rateLimitedResponse(retryAfterMs: number): JsonResponse {
  const response = errorResponse(
    new ApiError(429, 'rate_limited', 'Too many requests; retry after the Retry-After delay.'),
  );
  return { ...response, headers: { 'Retry-After': String(Math.ceil(retryAfterMs / 1000)) } };
}

function requireParam(match: RouteMatch, name: string): string {
  const value = match.params.get(name);
  if (value === undefined) throw new Error(`Route ${match.route.path} has no :${name}`);
  return value;
}
