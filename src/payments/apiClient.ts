import type * as z from 'zod/mini';
import { ApiError } from './apiError.js';
import {
  bookingResponseSchema,
  describeIssues,
  cancelResponseSchema,
  errorBodySchema,
  paymentMethodsResponseSchema,
  paymentSnapshotSchema,
} from './apiSchemas.js';
import { MAX_TIMER_MS } from './timers.js';
import type { BookingDraft } from './types.js';

export interface ApiOptions {
  baseUrl: string;
  /** Read on every request, so a refreshed token is used at once. */
  getAuthToken?: () => string | undefined;
  /** A request unanswered after this long is abandoned and counts as a network error. */
  timeoutMs?: number;
  /** The client only ever calls it with a URL string; defaults to the global fetch. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** This client's clock, epoch ms; the server's is learnt from each response's `Date`. */
  now?: () => number;
}

interface RequestSpec<T> {
  method: 'GET' | 'POST';
  path: string;
  schema: z.ZodMiniType<T>;
  body?: unknown;
  idempotencyKey?: string;
  signal?: AbortSignal | undefined;
  /**
   * The id the answer must name, where the request is about one payment or booking: a snapshot
   * is applied by its own paymentId, so an answer about another (a broken backend, a proxy's
   * cache) would move another flow, and a release answered for another booking would leave this
   * one held.
   */
  about?: { id: string; named: (answer: T) => string };
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** A typed REST client: every response is validated before anyone sees it. */
export function createApiClient(options: ApiOptions) {
  const baseUrl = options.baseUrl.replace(/\/$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? Date.now;
  /** Server clock minus this client's, from the latest `Date` header; 0 until one is read. */
  let serverOffsetMs = 0;

  function learnServerClock(response: Response): void {
    const header = response.headers.get('Date');
    const serverTime = header === null ? Number.NaN : Date.parse(header);
    if (Number.isFinite(serverTime)) serverOffsetMs = serverTime - now();
  }

  async function request<T>(spec: RequestSpec<T>): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    if (spec.idempotencyKey) headers['Idempotency-Key'] = spec.idempotencyKey;
    const token = options.getAuthToken?.();
    if (token) headers.Authorization = `Bearer ${token}`;

    const abandon = abandonAfter(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, spec.signal);
    let response: Response;
    let text: string;
    try {
      response = await doFetch(`${baseUrl}${spec.path}`, {
        method: spec.method,
        headers,
        body: spec.body === undefined ? null : JSON.stringify(spec.body),
        signal: abandon.signal,
      });
      // Read under the same timeout: a body cut off or stalled is a network failure (retried
      // with the same key), not a malformed answer.
      text = await response.text();
    } catch (error) {
      if (spec.signal?.aborted) throw error;
      if (abandon.timedOut()) throw new ApiError('network', 'timeout', `${spec.path} timed out`);
      throw new ApiError('network', 'network_error', describe(error));
    } finally {
      abandon.dispose();
    }
    if (response.ok) learnServerClock(response);
    const json = parseJson(text);
    if (!response.ok) throw httpError(response, json);
    const parsed = spec.schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError(
        'invalidResponse',
        'invalid_response',
        `${spec.method} ${spec.path}: ${describeIssues(parsed.error)}`,
        response.status,
      );
    }
    if (spec.about && spec.about.named(parsed.data) !== spec.about.id) {
      throw new ApiError(
        'invalidResponse',
        'invalid_response',
        `${spec.method} ${spec.path}: the answer is about ${spec.about.named(parsed.data)}`,
        response.status,
      );
    }
    return parsed.data;
  }

  return {
    /**
     * A time on the server's clock (a hold deadline) on this client's. `Date` is truncated to
     * the second, so the result errs late: a deadline never fires before the server's.
     */
    toClientTime: (serverTime: number): number => serverTime - serverOffsetMs,
    createBooking: (draft: BookingDraft, idempotencyKey: string, signal?: AbortSignal) =>
      request({
        method: 'POST',
        path: '/api/bookings',
        body: draft,
        idempotencyKey,
        signal,
        schema: bookingResponseSchema,
      }),
    confirmPayment: (
      paymentId: string,
      confirmation: { paymentMethodId: string; returnPath?: string | undefined },
      idempotencyKey: string,
      signal?: AbortSignal,
    ) =>
      request({
        method: 'POST',
        path: `/api/payments/${encodeURIComponent(paymentId)}/confirm`,
        body: confirmation,
        idempotencyKey,
        signal,
        schema: paymentSnapshotSchema,
        about: { id: paymentId, named: (snapshot) => snapshot.paymentId },
      }),
    getPayment: (paymentId: string, signal?: AbortSignal) =>
      request({
        method: 'GET',
        path: `/api/payments/${encodeURIComponent(paymentId)}`,
        signal,
        schema: paymentSnapshotSchema,
        about: { id: paymentId, named: (snapshot) => snapshot.paymentId },
      }),
    cancelBooking: (bookingId: string, signal?: AbortSignal) =>
      request({
        method: 'POST',
        path: `/api/bookings/${encodeURIComponent(bookingId)}/cancel`,
        body: {},
        signal,
        schema: cancelResponseSchema,
        about: { id: bookingId, named: (answer) => answer.bookingId },
      }),
    listPaymentMethods: (signal?: AbortSignal) =>
      request({
        method: 'GET',
        path: '/api/payment-methods',
        signal,
        schema: paymentMethodsResponseSchema,
      }),
  };
}

export type PaymentsApi = ReturnType<typeof createApiClient>;

function httpError(response: Response, json: unknown): ApiError {
  const { status } = response;
  const body = errorBodySchema.safeParse(json);
  const retryAfterMs =
    status === 429 ? retryAfterOf(response.headers.get('Retry-After')) : undefined;
  return body.success
    ? new ApiError('http', body.data.error.code, body.data.error.message, status, retryAfterMs)
    : new ApiError(
        'http',
        `http_${status}`,
        `The server answered ${status}.`,
        status,
        retryAfterMs,
      );
}

/** `Retry-After` in seconds or as an HTTP date, in ms from now; undefined if absent or unreadable. */
function retryAfterOf(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/**
 * One signal for a request: aborted by the caller's signal or after `timeoutMs`. Built from an
 * AbortController because `AbortSignal.any` and `AbortSignal.timeout` are newer than the
 * browsers this library supports (Safari 15.4 lacks both; see the README's Install), and so
 * that a request that ends clears its timer instead of leaving it pending for the timeout.
 */
function abandonAfter(timeoutMs: number, callerSignal: AbortSignal | undefined) {
  const controller = new AbortController();
  let timedOut = false;
  const onCallerAbort = () => {
    controller.abort(callerSignal?.reason);
  };
  // Browsers fire a delay past 2^31 - 1 ms at once: a longer timeout waits that long instead.
  const timer = setTimeout(
    () => {
      timedOut = true;
      controller.abort();
    },
    Math.min(timeoutMs, MAX_TIMER_MS),
  );
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose(): void {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : 'The request could not be sent.';
}
