import { ApiError } from './apiError';
import { errorResponse, type JsonResponse } from './http';

const RECORD_TTL_MS = 24 * 60 * 60 * 1000;

interface IdempotencyRecord {
  fingerprint: string;
  createdAt: number;
  /** `null` while the first request is still executing. */
  response: JsonResponse | null;
}

/** One idempotent request: keys are only compared within the same scope (endpoint). */
export interface IdempotentRequest {
  scope: string;
  key: string;
  fingerprint: string;
}

export type IdempotencyOutcome =
  | { kind: 'started' }
  | { kind: 'replay'; response: JsonResponse }
  | { kind: 'inFlight' }
  | { kind: 'keyReused' };

/** Remembers the first response per (scope, Idempotency-Key) for 24 hours. */
export class IdempotencyStore {
  private readonly records = new Map<string, IdempotencyRecord>();

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.records.size;
  }

  begin(request: IdempotentRequest): IdempotencyOutcome {
    this.pruneExpired();
    const id = recordId(request);
    const record = this.records.get(id);
    if (record === undefined) {
      this.records.set(id, {
        fingerprint: request.fingerprint,
        createdAt: this.now(),
        response: null,
      });
      return { kind: 'started' };
    }
    if (record.fingerprint !== request.fingerprint) return { kind: 'keyReused' };
    if (record.response === null) return { kind: 'inFlight' };
    return { kind: 'replay', response: structuredClone(record.response) };
  }

  complete(request: IdempotentRequest, response: JsonResponse): void {
    const record = this.records.get(recordId(request));
    if (record !== undefined) record.response = structuredClone(response);
  }

  /** Forgets a request that crashed, so a retry with the same key runs again. */
  release(request: IdempotentRequest): void {
    this.records.delete(recordId(request));
  }

  private pruneExpired(): void {
    const cutoff = this.now() - RECORD_TTL_MS;
    for (const [id, record] of this.records) {
      if (record.createdAt <= cutoff) this.records.delete(id);
    }
  }
}

function recordId({ scope, key }: IdempotentRequest): string {
  return `${scope}\n${key}`;
}

/** Canonical JSON (object keys sorted), so key order never makes two bodies "different". */
export function fingerprintOf(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) => {
    if (nested === null || typeof nested !== 'object' || Array.isArray(nested)) return nested;
    const entries = Object.entries(nested).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  });
}

/**
 * Runs `execute` at most once per key (Stripe semantics): replays the stored response,
 * answers 409 while the first request runs and 422 when the key comes with another body.
 * Expected failures (ApiError) are stored and replayed like successes; crashes are not.
 */
export async function runIdempotent(
  store: IdempotencyStore,
  request: IdempotentRequest,
  execute: () => JsonResponse | Promise<JsonResponse>,
): Promise<JsonResponse> {
  const outcome = store.begin(request);
  if (outcome.kind === 'replay') {
    const { response } = outcome;
    return { ...response, headers: { ...response.headers, 'Idempotent-Replayed': 'true' } };
  }
  if (outcome.kind === 'inFlight') {
    throw new ApiError(
      409,
      'idempotency_in_flight',
      'A request with this Idempotency-Key is still being processed; retry shortly.',
    );
  }
  if (outcome.kind === 'keyReused') {
    throw new ApiError(
      422,
      'idempotency_key_reused',
      'This Idempotency-Key was already used with a different request.',
    );
  }
  try {
    const response = await execute();
    store.complete(request, response);
    return response;
  } catch (error) {
    if (!(error instanceof ApiError)) {
      store.release(request);
      throw error;
    }
    const response = errorResponse(error);
    store.complete(request, response);
    return response;
  }
}
