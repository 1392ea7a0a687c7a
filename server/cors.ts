import type { IncomingMessage, ServerResponse } from 'node:http';
import { headerValue } from './http';

/**
 * CORS for the origins the server is configured with, and no other: by default none, so only
 * pages of the server's own origin (and the webpack dev server, which proxies) may call it from
 * a browser. There is never an `Access-Control-Allow-Origin: *`.
 */
const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization, Idempotency-Key',
  // Date: the client keeps its offset to the server's clock from it.
  'Access-Control-Expose-Headers': 'Idempotent-Replayed, Date, Retry-After',
  'Access-Control-Max-Age': '600',
};

/** The fault endpoints are never offered to another origin, whatever the configuration. */
export function applyCors(
  req: IncomingMessage,
  res: ServerResponse,
  allowedOrigins: ReadonlySet<string>,
  corsEligible: boolean,
): void {
  if (allowedOrigins.size === 0) return;
  res.setHeader('Vary', 'Origin');
  const origin = headerValue(req, 'Origin');
  if (!corsEligible || origin === undefined || !allowedOrigins.has(origin)) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
}
