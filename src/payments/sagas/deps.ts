import { getContext } from 'typed-redux-saga';
import type { PaymentsApi } from '../apiClient.js';
import type { Socket } from 'socket.io-client';
import type { Logger } from '../logger.js';
import type { RedirectPolicy } from '../redirectPolicy.js';
import type { SocketOptions } from '../socket/paymentSocket.js';
import type { PersistedFlow } from '../persistence/flowRecord.js';
import type { TabCoordination } from '../tabs/browserTabs.js';

export interface BackoffPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Every delay the sagas use, so tests and hosts can tune them. */
export interface FlowTimings {
  /** Network errors and 5xx on booking creation. */
  bookingRetry: BackoffPolicy;
  /** 409: the same idempotency key is still being processed by the server. */
  inFlightRetry: BackoffPolicy;
  confirmRetry: BackoffPolicy;
  releaseRetry: BackoffPolicy;
  /** A cancel: retried until the server answers, since only its answer ends the cancel. */
  cancelRetry: BackoffPolicy;
  /** GET status while a payment is settling and no socket tells us. */
  statusPoll: BackoffPolicy;
  /**
   * GET status of a settling payment while the socket is up but quiet: once per period (full
   * jitter on the upper half: 7.5 to 15 s by default), so a lost event cannot strand it.
   */
  quietRecheck: BackoffPolicy;
  /** Reconnects socket.io leaves to us: after a server kick or a refused token. */
  manualReconnect: BackoffPolicy;
  /** How long a request waits for the flow to be stored first. */
  writeAheadTimeoutMs: number;
  /** 404s in a row, for a payment, after which the server is taken at its word: it is gone. */
  paymentNotFoundChecks: number;
  /** How long a background saga that threw waits before it is started again. */
  restartDelayMs: number;
  /**
   * Finished flows falling due within this window leave the store in one action (retention is
   * minutes: a fraction of a second more is invisible, and 10,000 flows are one reducer pass).
   */
  retirementBatchMs: number;
}

export const defaultTimings: FlowTimings = {
  bookingRetry: { maxAttempts: 5, baseDelayMs: 300, maxDelayMs: 5_000 },
  inFlightRetry: { maxAttempts: 20, baseDelayMs: 250, maxDelayMs: 2_000 },
  confirmRetry: { maxAttempts: 4, baseDelayMs: 300, maxDelayMs: 5_000 },
  releaseRetry: { maxAttempts: 4, baseDelayMs: 300, maxDelayMs: 5_000 },
  cancelRetry: { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 500, maxDelayMs: 10_000 },
  statusPoll: { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 500, maxDelayMs: 5_000 },
  quietRecheck: {
    maxAttempts: Number.POSITIVE_INFINITY,
    baseDelayMs: 15_000,
    maxDelayMs: 15_000,
  },
  manualReconnect: { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 500, maxDelayMs: 10_000 },
  writeAheadTimeoutMs: 2_000,
  paymentNotFoundChecks: 3,
  restartDelayMs: 1_000,
  retirementBatchMs: 250,
};

/** What the sagas need from the outside world; passed once through the saga context. */
export interface PaymentsDeps {
  api: PaymentsApi;
  now: () => number;
  logger: Logger;
  timings: FlowTimings;
  /** Jitter source, in [0, 1). */
  random: () => number;
  /** Real-time status; without it, settling payments are polled over REST. */
  realtime?: { socket: Socket; options: SocketOptions };
  /** Saved flows: the sagas wait for them to be rehydrated, and flush before leaving the page. */
  persistence?: { key: string; flush: () => Promise<unknown> };
  /**
   * The other tabs of this browser that share the saved flows: exactly one tab drives each flow
   * (holds its lock), the others follow it. Without it, this tab drives every flow it holds.
   */
  tabs?: SharedTabs;
  /** How long a finished flow stays in the store for the UI to show. */
  retentionMs: number;
  /** Where 3-D Secure sends the user back to; in a browser, this page with the flowId. */
  returnPathFor?: (flowId: string) => string;
  /** Leaves the page (3-D Secure); `window.location.assign` in a browser. */
  navigate: (url: string) => void;
  /** Which 3-D Secure URLs may be followed; a flow sent anywhere else fails. */
  redirectPolicy: RedirectPolicy;
}

/** What the sagas need to share flows with other tabs. */
export interface SharedTabs {
  coordination: TabCoordination;
  /** The flows every tab has saved (validated): the truth a tab checks before it acts. */
  readSavedFlows: () => Promise<PersistedFlow[]>;
}

/** The server keeps idempotency records this long; an older flow is never re-sent. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export const DEPS_KEY = 'paymentFlowsDeps';

export function* getDeps() {
  return yield* getContext<PaymentsDeps>(DEPS_KEY);
}

/** Exponential backoff with full jitter: retries from many clients don't arrive together. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
