import { ApiError } from './apiError';
import type { JsonResponse } from './http';

export interface RouteContext {
  /** A path parameter such as `paymentId` in `/api/payments/:paymentId`. */
  param(name: string): string;
  /** Parsed JSON body; `undefined` for GET or an empty body. */
  body: unknown;
  idempotencyKey: string | undefined;
  /** Who is calling: the owner of the bearer token (of the default token without one). */
  owner: string;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Path with `:name` segments, e.g. `/api/payments/:paymentId/confirm`. */
  path: string;
  handle(context: RouteContext): JsonResponse | Promise<JsonResponse>;
}

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

export function requireIdempotencyKey(context: RouteContext): string {
  if (context.idempotencyKey === undefined) {
    throw new ApiError(400, 'missing_idempotency_key', 'The Idempotency-Key header is required.');
  }
  return context.idempotencyKey;
}
