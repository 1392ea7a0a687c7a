import { ApiError } from './apiError';
import { errorResponse, type JsonResponse } from './http';

const RECORD_TTL_MS = 24 * 60 * 60 * 1000;

interface IdempotencyRecord {
  fingerprint: string;
  owner: string;
  expiresAt: number;
  /** `null` while the first request is still executing. */
  response: JsonResponse | null;
}

/** One idempotent request: keys are only compared within the same scope (endpoint and owner). */
export interface IdempotentRequest {
  scope: string;
  key: string;
  fingerprint: string;
  /** Whose request it is: each owner may hold at most `maxRecordsPerOwner` live records. */
  owner: string;
}

export type IdempotencyOutcome =
  | { kind: 'started' }
  | { kind: 'replay'; response: JsonResponse }
  | { kind: 'inFlight' }
  | { kind: 'keyReused' }
  | { kind: 'quotaExceeded' };

export interface IdempotencyStoreOptions {
  maxRecordsPerOwner?: number;
  now?: () => number;
}

/**
 * Remembers the first response per (scope, Idempotency-Key) for 24 hours.
 *
 * Expiry costs nothing per request: every record lives exactly `RECORD_TTL_MS`, so the order in
 * which records are inserted is the order in which they expire, and a `Map` iterates in insertion
 * order. The map itself is the expiry queue: pruning stops at the first record still alive.
 */
export class IdempotencyStore {
  private readonly records = new Map<string, IdempotencyRecord>();
  private readonly liveByOwner = new Map<string, number>();
  private readonly maxRecordsPerOwner: number;
  private readonly now: () => number;

  constructor({ maxRecordsPerOwner = 10_000, now = Date.now }: IdempotencyStoreOptions = {}) {
    this.maxRecordsPerOwner = maxRecordsPerOwner;
    this.now = now;
  }

  get size(): number {
    return this.records.size;
  }

  /** Live records of one owner. */
  countOf(owner: string): number {
    return this.liveByOwner.get(owner) ?? 0;
  }

  /** `admit` runs for a key's first use only, before it is recorded: what it throws is not kept. */
  begin(request: IdempotentRequest, admit?: () => void): IdempotencyOutcome {
    this.pruneExpired();
    const id = recordId(request);
    const record = this.records.get(id);
    if (record === undefined) {
      if (this.countOf(request.owner) >= this.maxRecordsPerOwner) return { kind: 'quotaExceeded' };
      admit?.();
      this.records.set(id, {
        fingerprint: request.fingerprint,
        owner: request.owner,
        expiresAt: this.now() + RECORD_TTL_MS,
        response: null,
      });
      this.liveByOwner.set(request.owner, this.countOf(request.owner) + 1);
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
    const id = recordId(request);
    const record = this.records.get(id);
    if (record !== undefined) this.forget(id, record);
  }

  /** O(records expired): the oldest record is first, and the first one alive ends the walk. */
  private pruneExpired(): void {
    const now = this.now();
    for (const [id, record] of this.records) {
      if (record.expiresAt > now) return;
      this.forget(id, record);
    }
  }

  private forget(id: string, record: IdempotencyRecord): void {
    this.records.delete(id);
    const left = this.countOf(record.owner) - 1;
    if (left > 0) this.liveByOwner.set(record.owner, left);
    else this.liveByOwner.delete(record.owner);
  }
}

function recordId({ scope, owner, key }: IdempotentRequest): string {
  return `${scope}\n${owner}\n${key}`;
}

/** 429: an owner holds as many records as the server keeps for one owner. */
export function quotaExceeded(): ApiError {
  return new ApiError(
    429,
    'quota_exceeded',
    'Too many bookings or payment requests for this account; try again later.',
  );
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
 * `admit` checks a key's first use only (a quota): a replay is answered whatever it would say.
 */
export async function runIdempotent(
  store: IdempotencyStore,
  request: IdempotentRequest,
  execute: () => JsonResponse | Promise<JsonResponse>,
  admit?: () => void,
): Promise<JsonResponse> {
  const outcome = store.begin(request, admit);
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
  if (outcome.kind === 'quotaExceeded') throw quotaExceeded();
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
