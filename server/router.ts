import { ApiError } from './apiError';
import type { JsonResponse } from './http';

export interface RouteContext {
  /** A path parameter such as `paymentId` in `/api/payments/:paymentId`. */
  param(name: string): string;
  /** Parsed JSON body; `undefined` for GET or an empty body. */
  body: unknown;
  idempotencyKey: string | undefined;
  /**
   * The origin the client reached (`http://` + its `Host` header), where the pages it is sent to
   * must live; `undefined` when the header is missing or malformed.
   */
  origin: string | undefined;
}

/** The context of a route that acts for a signed-in caller. */
export interface OwnerRouteContext extends RouteContext {
  /** Who is calling: the owner of the bearer token. Everything is looked up for this owner. */
  owner: string;
}

interface RouteShape {
  method: 'GET' | 'POST';
  /** Path with `:name` segments, e.g. `/api/payments/:paymentId/confirm`. */
  path: string;
}

/** The default: a bearer token is required, and the route acts for its owner. */
export interface OwnerRoute extends RouteShape {
  access?: 'owner';
  handle(context: OwnerRouteContext): JsonResponse | Promise<JsonResponse>;
}

/**
 * `public`: no token (the 3-D Secure answer, whose credential is the challenge id in the body).
 * `faultSecret`: the `X-Fault-Secret` header instead of a token (the fault endpoints).
 */
export interface UnownedRoute extends RouteShape {
  access: 'public' | 'faultSecret';
  handle(context: RouteContext): JsonResponse | Promise<JsonResponse>;
}

export type Route = OwnerRoute | UnownedRoute;

export interface RouteMatch {
  route: Route;
  params: Map<string, string>;
}

export function matchRoute(
  routes: readonly Route[],
  method: string,
  pathname: string,
): RouteMatch | undefined {
  const segments = pathname.split('/');
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchPath(route.path.split('/'), segments);
    if (params !== undefined) return { route, params };
  }
  return undefined;
}

function matchPath(pattern: string[], segments: string[]): Map<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params = new Map<string, string>();
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? '';
    const value = part.startsWith(':') ? decodeSegment(segment) : undefined;
    if (value !== undefined) {
      params.set(part.slice(1), value);
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

/** `undefined` for an empty or malformed segment, which then matches no route. */
function decodeSegment(segment: string): string | undefined {
  if (segment === '') return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Longer keys are refused: a record is kept for 24 hours, so its size must be bounded. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export function requireIdempotencyKey(context: RouteContext): string {
  const key = context.idempotencyKey;
  if (key === undefined) {
    throw new ApiError(400, 'missing_idempotency_key', 'The Idempotency-Key header is required.');
  }
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new ApiError(
      400,
      'invalid_request',
      `Idempotency-Key: must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
    );
  }
  return key;
}
