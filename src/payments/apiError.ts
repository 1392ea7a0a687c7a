import type { FlowError } from './types.js';

export type ApiErrorKind = 'network' | 'http' | 'invalidResponse';

/** A failed API call, classified so sagas can decide between retry, wait and fail. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly kind: ApiErrorKind,
    readonly code: string,
    message: string,
    readonly status?: number,
    /** From a 429's `Retry-After`: how long the server asks the client to wait, in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  /** 409 means the same idempotency key is still in flight: wait it out, never start afresh. */
  get isInFlightConflict(): boolean {
    return this.status === 409 && this.code === 'idempotency_in_flight';
  }

  /** 429 rate_limited: turned away before anything ran; `Retry-After` says when to come back. */
  get isRateLimited(): boolean {
    return this.status === 429 && this.code === 'rate_limited';
  }

  get isTransient(): boolean {
    return this.kind === 'network' || (this.status !== undefined && this.status >= 500);
  }

  /**
   * Whether the same request may be sent again later: besides a transient failure, a request
   * the server is still running under the key (a later replay returns its result) and one the
   * rate limit turned away before it ran. The flow's error says so, so the user can retry.
   */
  get mayRetryLater(): boolean {
    return this.isTransient || this.isInFlightConflict || this.isRateLimited;
  }

  /**
   * The server looked at the request and said no: a 4xx other than one it answers without
   * looking (401, 429 rate_limited) or while the key's first request still runs (409 in flight).
   * Replayed under the same key, it is the answer the first request got: nothing was made. (A
   * 422 says the key went with another request, which the client never sends under one key:
   * whatever that made cannot be found under it either.)
   */
  get isRefusal(): boolean {
    return (
      this.kind === 'http' &&
      this.status !== undefined &&
      this.status >= 400 &&
      this.status < 500 &&
      this.status !== 401 &&
      !this.isInFlightConflict &&
      !this.isRateLimited
    );
  }

  toFlowError(): FlowError {
    return { code: this.code, message: this.message, retriable: this.mayRetryLater };
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
