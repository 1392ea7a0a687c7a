import { createPendingUpdates } from '../../../src/payments/socket/pendingUpdates';
import type { PaymentStatusUpdate } from '../../../src/payments/types';

const update = (paymentId: string, seq = 2): PaymentStatusUpdate => ({
  paymentId,
  status: 'processing',
  seq,
  occurredAt: 1,
});

describe('updates held for payments not linked yet', () => {
  it('hands them over when the payment is linked, once', () => {
    let now = 0;
    const pending = createPendingUpdates({ maxCount: 10, maxAgeMs: 1_000 }, () => now);
    pending.hold(update('pay_1'));
    pending.hold(update('pay_2'));
    now = 500;

    expect(pending.release('pay_1')).toEqual([update('pay_1')]);
    expect(pending.release('pay_1')).toEqual([]);
    expect(pending.size).toBe(1);
  });

  it('drops what is older than the limit', () => {
    let now = 0;
    const pending = createPendingUpdates({ maxCount: 10, maxAgeMs: 1_000 }, () => now);
    pending.hold(update('pay_1'));
    now = 1_001;

    expect(pending.hold(update('pay_2'))).toEqual([update('pay_1')]);
    expect(pending.release('pay_1')).toEqual([]);
  });

  it('drops the oldest beyond the count limit', () => {
    const pending = createPendingUpdates({ maxCount: 2, maxAgeMs: 1_000 }, () => 0);
    pending.hold(update('pay_1'));
    pending.hold(update('pay_2'));

    expect(pending.hold(update('pay_3'))).toEqual([update('pay_1')]);
    expect(pending.size).toBe(2);
  });
});
