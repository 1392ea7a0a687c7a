import { createScriptedFetch, type ScriptedFetch } from '../../helpers/scriptedFetch';
import { makeTestStore } from '../../helpers/paymentsTestStore';
import type { PaymentsStoreOptions } from '../../../src/payments/createPaymentsStore';

export const BOOKINGS = 'POST /api/bookings';
export const CONFIRM = 'POST /api/payments/:id/confirm';
export const STATUS = 'GET /api/payments/:id';
export const RELEASE = 'POST /api/bookings/:id/cancel';

let counter = 0;

/** A 201 from POST /api/bookings for a booking that needs payment. */
export function bookingReply(holdExpiresAt = Date.now() + 60_000) {
  counter += 1;
  return {
    status: 201,
    body: {
      bookingId: `bk_${counter}`,
      status: 'held',
      holdExpiresAt,
      amount: { value: 5000, currency: 'EUR' },
      payment: { paymentId: `pay_${counter}`, status: 'awaitingPayment', seq: 1 },
    },
  };
}

/** A 201 for a booking that needs no payment (TENTATIVE). */
export const noPaymentBookingReply = {
  status: 201,
  body: {
    bookingId: 'bk_free',
    status: 'confirmed',
    holdExpiresAt: null,
    amount: null,
    payment: null,
  },
};

export function snapshotReply(
  paymentId: string,
  status: string,
  seq: number,
  extra: Record<string, unknown> = {},
) {
  return { status: 200, body: { paymentId, status, seq, occurredAt: Date.now(), ...extra } };
}

export function errorReply(status: number, code: string) {
  return { status, body: { error: { code, message: `${code} (scripted)` } } };
}

type TestStoreParts = ReturnType<typeof makeTestStore>;
const running: TestStoreParts['sagaTask'][] = [];

/**
 * A real store whose sagas talk to a scripted fetch; stopped by `stopSagas` after each test.
 * `overrides.api` replaces the client options, e.g. to observe the scripted fetch.
 */
export function setup(
  overrides: Partial<PaymentsStoreOptions> = {},
  server: ScriptedFetch = createScriptedFetch(),
): { server: ScriptedFetch } & TestStoreParts {
  const parts = makeTestStore({
    ...overrides,
    api: overrides.api ?? { baseUrl: server.baseUrl, fetch: server.fetch },
  });
  running.push(parts.sagaTask);
  return { server, ...parts };
}

export function stopSagas(): void {
  for (const task of running.splice(0)) task.cancel();
}
