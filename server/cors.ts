import type { ServerResponse } from 'node:http';

/** The demo UI may be served from another origin (webpack dev server), so allow any. */
const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization, Idempotency-Key',
  // Date: the client keeps its offset to the server's clock from it.
  'Access-Control-Expose-Headers': 'Idempotent-Replayed, Date',
  'Access-Control-Max-Age': '600',
};

export function applyCors(res: ServerResponse): void {
  for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
}
