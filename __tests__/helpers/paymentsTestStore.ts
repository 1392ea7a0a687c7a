import {
  createPaymentsStore,
  type PaymentsStoreOptions,
} from '../../src/payments/createPaymentsStore';
import type { FlowTimings } from '../../src/payments/sagas/deps';
import { silentLogger } from '../../src/payments/logger';
import { selectFlowById } from '../../src/payments/selectors';
import type { PaymentFlow } from '../../src/payments/types';
import type { BookingDraft } from '../../src/payments/types';

const fast = { baseDelayMs: 2, maxDelayMs: 10 };

/** Short delays so retries and polls run in milliseconds; the same sagas as production. */
export const testTimings: FlowTimings = {
  bookingRetry: { maxAttempts: 4, ...fast },
  inFlightRetry: { maxAttempts: 20, baseDelayMs: 5, maxDelayMs: 20 },
  confirmRetry: { maxAttempts: 3, ...fast },
  releaseRetry: { maxAttempts: 2, ...fast },
  cancelRetry: { maxAttempts: Number.POSITIVE_INFINITY, ...fast },
  statusPoll: { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 5, maxDelayMs: 20 },
  // Longer than any test's happy path: a test of the quiet re-check sets its own.
  quietRecheck: { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 10_000, maxDelayMs: 10_000 },
  manualReconnect: { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 20, maxDelayMs: 100 },
  writeAheadTimeoutMs: 100,
  paymentNotFoundChecks: 3,
  restartDelayMs: 10,
  retirementBatchMs: 20,
};

export function makeTestStore(options: PaymentsStoreOptions) {
  return createPaymentsStore({ logger: silentLogger, timings: testTimings, ...options });
}

export type TestStore = ReturnType<typeof makeTestStore>['store'];

/** Resolves on the first state in which the flow satisfies `predicate`: waits for events, not time. */
export function waitForFlow(
  store: TestStore,
  flowId: string,
  predicate: (flow: PaymentFlow) => boolean,
  timeoutMs = 5_000,
): Promise<PaymentFlow> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const flow = selectFlowById(store.getState(), flowId);
      if (flow && predicate(flow)) {
        cleanup();
        resolve(flow);
        return true;
      }
      return false;
    };
    const unsubscribe = store.subscribe(check);
    const timer = setTimeout(() => {
      cleanup();
      const flow = selectFlowById(store.getState(), flowId);
      reject(new Error(`flow ${flowId} never matched; last status ${flow?.status ?? 'none'}`));
    }, timeoutMs);
    function cleanup(): void {
      unsubscribe();
      clearTimeout(timer);
    }
    check();
  });
}

export const waitForStatus = (store: TestStore, flowId: string, status: PaymentFlow['status']) =>
  waitForFlow(store, flowId, (flow) => flow.status === status);

let slot = 0;
/** A booking draft nobody else in the test run uses, so drafts never collide. */
export function uniqueDraft(overrides: Partial<BookingDraft> = {}): BookingDraft {
  slot += 1;
  return {
    resourceId: `room-${slot}`,
    start: Date.UTC(2027, 0, 1, 9) + slot * 3_600_000,
    durationMinutes: 60,
    bookingType: 'FIRM',
    ...overrides,
  };
}
