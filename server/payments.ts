import { newId } from './ids';
import type {
  Money,
  NextAction,
  PaymentFailure,
  PaymentSnapshot,
  PaymentStatus,
} from './wireTypes';

export type PaymentChangeListener = (snapshot: PaymentSnapshot) => void;

export interface TransitionDetails {
  nextAction?: NextAction;
  failure?: PaymentFailure;
}

/** In-memory payments. Snapshots are replaced, never mutated, so handing them out is safe. */
export class PaymentStore {
  private readonly payments = new Map<string, PaymentSnapshot>();
  private readonly listeners = new Set<PaymentChangeListener>();

  /** Called with the new snapshot on every status change, including creation (seq 1). */
  onPaymentChange(listener: PaymentChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get(paymentId: string): PaymentSnapshot | undefined {
    return this.payments.get(paymentId);
  }

  create(bookingId: string, amount: Money): PaymentSnapshot {
    const snapshot: PaymentSnapshot = {
      paymentId: newId('pay'),
      bookingId,
      status: 'awaitingPayment',
      seq: 1,
      occurredAt: Date.now(),
      amount,
    };
    return this.save(snapshot);
  }

  /** Moves a payment to `status`; `nextAction` and `failure` only survive if given again. */
  transition(
    paymentId: string,
    status: PaymentStatus,
    details: TransitionDetails = {},
  ): PaymentSnapshot {
    const current = this.payments.get(paymentId);
    if (current === undefined) throw new Error(`Unknown payment ${paymentId}`);
    const { bookingId, amount } = current;
    return this.save({
      paymentId,
      bookingId,
      status,
      seq: current.seq + 1,
      occurredAt: Date.now(),
      amount,
      ...details,
    });
  }

  private save(snapshot: PaymentSnapshot): PaymentSnapshot {
    this.payments.set(snapshot.paymentId, snapshot);
    for (const listener of [...this.listeners]) {
      // The change is already stored; a broken listener must not undo the request that made it.
      try {
        listener(snapshot);
      } catch (error) {
        console.error('Payment change listener failed', error);
      }
    }
    return snapshot;
  }
}
