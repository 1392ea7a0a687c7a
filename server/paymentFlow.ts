import { ApiError, notFound } from './apiError';
import type { HoldManager } from './holds';
import { AUTHENTICATION_FAILED, processorOutcomeFor, type ProcessorTimings } from './processor';
import type { DemoStore } from './store';
import type { TimerRegistry } from './timers';
import type { DemoStats, PaymentSnapshot } from './wireTypes';

export interface PaymentFlowDeps {
  store: DemoStore;
  holds: HoldManager;
  timers: TimerRegistry;
  stats: DemoStats;
  timings: ProcessorTimings;
  /** Where the 3-D Secure challenge page for a payment lives. */
  challengeUrlFor: (paymentId: string, returnPath?: string) => string;
}

/** Confirming payments against the simulated processor and settling them. */
export class PaymentFlow {
  constructor(private readonly deps: PaymentFlowDeps) {}

  get(paymentId: string): PaymentSnapshot {
    const payment = this.deps.store.payments.get(paymentId);
    if (payment === undefined) throw notFound('payment', paymentId);
    this.deps.holds.expireIfDue(payment.bookingId);
    return this.deps.store.payments.get(paymentId) ?? payment;
  }

  confirm(paymentId: string, paymentMethodId: string, returnPath?: string): PaymentSnapshot {
    const payment = this.get(paymentId);
    const outcome = processorOutcomeFor(paymentMethodId, this.deps.timings);
    if (outcome === undefined) {
      throw new ApiError(
        400,
        'invalid_payment_method',
        `Unknown payment method ${paymentMethodId}.`,
      );
    }
    if (payment.status !== 'awaitingPayment' && payment.status !== 'failed') {
      throw notConfirmable(payment);
    }
    this.deps.stats.paymentsConfirmed += 1;
    const { payments } = this.deps.store;
    switch (outcome.kind) {
      case 'processing':
        return this.startProcessing(paymentId, outcome.settlesAfterMs);
      case 'failed':
        return payments.transition(paymentId, 'failed', { failure: outcome.failure });
      case 'requiresAction':
        return payments.transition(paymentId, 'requiresAction', {
          nextAction: {
            type: 'redirectToUrl',
            url: this.deps.challengeUrlFor(paymentId, returnPath),
          },
        });
    }
  }

  /** The 3-D Secure challenge's answer. */
  authenticate(paymentId: string, outcome: 'approve' | 'deny'): PaymentSnapshot {
    const payment = this.get(paymentId);
    if (payment.status !== 'requiresAction') {
      throw new ApiError(
        409,
        'payment_not_authenticatable',
        `Payment is ${payment.status}; only a payment in requiresAction can be authenticated.`,
      );
    }
    if (outcome === 'deny') {
      return this.deps.store.payments.transition(paymentId, 'failed', {
        failure: AUTHENTICATION_FAILED,
      });
    }
    return this.startProcessing(paymentId, this.deps.timings.processingDelayMs);
  }

  private startProcessing(paymentId: string, settlesAfterMs: number): PaymentSnapshot {
    const snapshot = this.deps.store.payments.transition(paymentId, 'processing');
    this.deps.timers.schedule(settlesAfterMs, () => {
      this.settle(paymentId);
    });
    return snapshot;
  }

  /** Processing always ends in success here; neither cancel nor expiry interrupts it. */
  private settle(paymentId: string): void {
    const { store, holds } = this.deps;
    const payment = store.payments.get(paymentId);
    if (payment?.status !== 'processing') return;
    holds.release(payment.bookingId);
    store.bookings.setStatus(payment.bookingId, 'confirmed');
    store.payments.transition(paymentId, 'succeeded');
  }
}

function notConfirmable(payment: PaymentSnapshot): ApiError {
  return new ApiError(
    409,
    'payment_not_confirmable',
    `Payment is ${payment.status}; only awaitingPayment or failed payments can be confirmed.`,
  );
}
