import {
  bookingCreated,
  bookingRequested,
  flowStarted,
  paymentStatusesReceived,
  paymentSubmitted,
} from '../../src/payments/paymentFlowsSlice';
import type { BookingDraft, Money, PaymentStatusUpdate } from '../../src/payments/types';
import type { TestStore } from './test-utils';

/** Every time in these tests is relative to this instant. */
export const T0 = Date.UTC(2030, 0, 1, 9);
export const HOLD_MS = 10 * 60 * 1000;

let slot = 0;
export function draft(overrides: Partial<BookingDraft> = {}): BookingDraft {
  slot += 1;
  return {
    resourceId: `room-${slot}`,
    start: T0 + 86_400_000,
    durationMinutes: 60,
    bookingType: 'FIRM',
    ...overrides,
  };
}

/** A flow in `awaitingPayment`, reached through the same actions the sagas dispatch. */
export function flowAwaitingPayment(
  store: TestStore,
  booking: BookingDraft = draft(),
  amount: Money = { value: 5000, currency: 'EUR' },
) {
  const { flowId } = store.dispatch(flowStarted(booking, T0)).payload;
  const paymentId = `pay_${flowId.slice(0, 8)}`;
  store.dispatch(bookingRequested({ flowId, at: T0 + 1 }));
  store.dispatch(
    bookingCreated({
      flowId,
      at: T0 + 2,
      bookingId: `bk_${flowId.slice(0, 8)}`,
      payment: { paymentId, seq: 1 },
      amount,
      holdExpiresAt: T0 + HOLD_MS,
    }),
  );
  return { flowId, paymentId };
}

export function serverUpdate(
  paymentId: string,
  status: PaymentStatusUpdate['status'],
  seq: number,
  extras: Partial<PaymentStatusUpdate> = {},
) {
  return paymentStatusesReceived({
    updates: [{ paymentId, status, seq, occurredAt: T0 + seq, ...extras }],
    at: T0 + 10 * seq,
  });
}

/** A flow whose payment the server has reported in `status`. */
export function flowInServerStatus(
  store: TestStore,
  status: PaymentStatusUpdate['status'],
  extras: Partial<PaymentStatusUpdate> = {},
) {
  const ids = flowAwaitingPayment(store);
  store.dispatch(
    paymentSubmitted({ flowId: ids.flowId, paymentMethodId: 'pm_card_visa', at: T0 + 3 }),
  );
  store.dispatch(serverUpdate(ids.paymentId, status, 2, extras));
  return ids;
}
