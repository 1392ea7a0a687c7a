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
  ) {
    super(message);
  }

  /** 409 means the same idempotency key is still in flight: wait it out, never start afresh. */
  get isInFlightConflict(): boolean {
    return this.status === 409 && this.code === 'idempotency_in_flight';
  }

  get isTransient(): boolean {
    return this.kind === 'network' || (this.status !== undefined && this.status >= 500);
  }

  toFlowError(): FlowError {
    return { code: this.code, message: this.message, retriable: this.isTransient };
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
