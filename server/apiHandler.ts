import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './apiError';
import type { AccessTokens } from './accessTokens';
import type { FaultState } from './faults';
import { errorResponse, headerValue, readJsonBody, sendJson, type JsonResponse } from './http';
import { matchRoute, type Route, type RouteMatch } from './router';
import type { TimerRegistry } from './timers';

export interface ApiHandlerDeps {
  routes: readonly Route[];
  tokens: AccessTokens;
  faults: FaultState;
  timers: TimerRegistry;
}

/** Fault controls answer without the injected delay, so a test can always switch it off. */
const UNDELAYED_PREFIX = '/api/_';

export async function handleApi(
  deps: ApiHandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  const response = await apiResponse(deps, req, pathname);
  const faultable = !pathname.startsWith(UNDELAYED_PREFIX);
  if (faultable) await deps.timers.sleep(deps.faults.responseDelayMs);
  // The work is done; only the answer is lost, as when a connection drops on its way back.
  if (faultable && deps.faults.takeResponseLoss()) res.destroy();
  if (!res.destroyed) sendJson(res, response);
}

async function apiResponse(
  deps: ApiHandlerDeps,
  req: IncomingMessage,
  pathname: string,
): Promise<JsonResponse> {
  const method = req.method ?? 'GET';
  try {
    const authToken = authorizedToken(req, deps.tokens);
    const match = matchRoute(deps.routes, method, pathname);
    if (match === undefined)
      throw new ApiError(404, 'not_found', `No endpoint ${method} ${pathname}.`);
    const body = method === 'POST' ? await readJsonBody(req) : undefined;
    return await match.route.handle({
      param: (name) => requireParam(match, name),
      body,
      idempotencyKey: headerValue(req, 'Idempotency-Key'),
      owner: deps.tokens.ownerOf(authToken),
    });
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error);
    console.error(`Unexpected error in ${method} ${pathname}`, error);
    return errorResponse(
      new ApiError(500, 'internal_error', 'The demo server failed unexpectedly.'),
    );
  }
}

/** A missing Authorization header is fine for the demo (it acts as the default token). */
function authorizedToken(req: IncomingMessage, tokens: AccessTokens): string {
  const authorization = headerValue(req, 'Authorization');
  if (authorization === undefined) return tokens.defaultToken;
  const token = authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : '';
  if (!tokens.accepts(token)) {
    throw new ApiError(401, 'unauthorized', 'The bearer token is not valid.');
  }
  return token;
}

function requireParam(match: RouteMatch, name: string): string {
  const value = match.params.get(name);
  if (value === undefined) throw new Error(`Route ${match.route.path} has no :${name}`);
  return value;
}
