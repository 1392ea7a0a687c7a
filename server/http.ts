import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './apiError';
import type { ErrorBody } from './wireTypes';

/** A response as data, so idempotency records can store and replay it verbatim. */
export interface JsonResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const MAX_BODY_BYTES = 64 * 1024;

/** Reads the request body as UTF-8 text, refusing more than 64 KiB. */
export async function readBodyText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new ApiError(413, 'payload_too_large', `Body exceeds ${MAX_BODY_BYTES} bytes.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads the request body as JSON; an empty body is `undefined`. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBodyText(req);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'invalid_request', 'Body is not valid JSON.');
  }
}

export function errorResponse(error: ApiError): JsonResponse {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  return { status: error.status, body };
}

export function sendJson(res: ServerResponse, response: JsonResponse): void {
  res.writeHead(response.status, {
    ...response.headers,
    'Content-Type': 'application/json; charset=utf-8',
  });
  res.end(JSON.stringify(response.body));
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
  res.end(html);
}

/** The first value of a header that may be repeated; empty counts as absent. */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const raw = req.headers[name.toLowerCase()];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value === undefined || value === '' ? undefined : value;
}
