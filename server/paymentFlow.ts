import { ApiError, notFound } from './apiError';
import type { Challenge } from './challenges';
import type { HoldManager } from './holds';
import { AUTHENTICATION_FAILED, processorOutcomeFor, type ProcessorTimings } from './processor';
import { DEFAULT_RETURN_PATH } from './returnPath';
import type { DemoStore } from './store';
import type { TimerRegistry } from './timers';
import type { DemoStats, Money, PaymentSnapshot } from './wireTypes';

export interface PaymentFlowDeps {
  store: DemoStore;
  holds: HoldManager;
  timers: TimerRegistry;
  stats: DemoStats;
  timings: ProcessorTimings;
  /** Where the 3-D Secure page for a payment's challenge lives (the id is in the URL). */
  challengeUrlFor: (paymentId: string, challengeId: string, origin?: string) => string;
}

/** Confirming payments against the simulated processor and settling them. */
export class PaymentFlow {
  constructor(private readonly deps: PaymentFlowDeps) {}

  /**
   * The payment, if `owner` owns its booking. Anyone else is told it does not exist, exactly as
   * for an id that was never issued: a 404 that is not a 403 reveals nothing.
   */
  get(paymentId: string, owner: string): PaymentSnapshot {
    const payment = this.deps.store.payments.get(paymentId);
    const booking =
      payment === undefined ? undefined : this.deps.store.bookings.get(payment.bookingId);
    if (payment === undefined || booking?.owner !== owner) throw notFound('payment', paymentId);
    return this.current(payment);
  }

  confirm(
    paymentId: string,
    owner: string,
    paymentMethodId: string,
    returnPath: string = DEFAULT_RETURN_PATH,
    /** Where the client reached this server: the bank page must be there too. */
    origin?: string,
  ): PaymentSnapshot {
    const payment = this.get(paymentId, owner);
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
    const { payments, challenges } = this.deps.store;
    switch (outcome.kind) {
      case 'processing':
        return this.startProcessing(paymentId, outcome.settlesAfterMs);
      case 'failed':
        return payments.transition(paymentId, 'failed', { failure: outcome.failure });
      case 'requiresAction': {
        // A new challenge for each confirm: any earlier one of this payment stops working.
        const { challengeId } = challenges.issue(paymentId, returnPath);
        return payments.transition(paymentId, 'requiresAction', {
          nextAction: {
            type: 'redirectToUrl',
            url: this.deps.challengeUrlFor(paymentId, challengeId, origin),
          },
        });
      }
    }
  }

  /**
   * The 3-D Secure challenge's answer. Only the payment's current challenge id, which only the
   * challenge URL carries, can answer it; any other id is `404`, as for an unknown payment. An
   * answered, cancelled or expired challenge is `409 payment_not_authenticatable`.
   */
  authenticate(
    paymentId: string,
    challengeId: string,
    outcome: 'approve' | 'deny',
  ): PaymentSnapshot {
    const { store, timings } = this.deps;
    const stored = store.payments.get(paymentId);
    if (stored === undefined || store.challenges.find(paymentId, challengeId) === undefined) {
      throw notFound('payment', paymentId);
    }
    const payment = this.current(stored);
    if (payment.status !== 'requiresAction') {
      throw new ApiError(
        409,
        'payment_not_authenticatable',
        `Payment is ${payment.status}; only a payment in requiresAction can be authenticated.`,
      );
    }
    if (outcome === 'deny') {
      return store.payments.transition(paymentId, 'failed', { failure: AUTHENTICATION_FAILED });
    }
    return this.startProcessing(paymentId, timings.processingDelayMs);
  }

  /**
   * The payment's current challenge if `challengeId` is its id, and whether it still waits for
   * an answer; for the bank page, which has no token either.
   */
  challengeOf(
    paymentId: string,
    challengeId: string,
  ): { challenge: Challenge; open: boolean; amount: Money } | undefined {
    const { store } = this.deps;
    const stored = store.payments.get(paymentId);
    const challenge = store.challenges.find(paymentId, challengeId);
    if (stored === undefined || challenge === undefined) return undefined;
    const open = this.current(stored).status === 'requiresAction';
    return { challenge, open, amount: stored.amount };
  }

  /** Like every read, applies a hold that has lapsed first. */
  private current(payment: PaymentSnapshot): PaymentSnapshot {
    this.deps.holds.expireIfDue(payment.bookingId);
    return this.deps.store.payments.get(payment.paymentId) ?? payment;
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
