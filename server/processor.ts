import { simulationFor } from './paymentMethods';
import type { PaymentFailure } from './wireTypes';

export interface ProcessorTimings {
  processingDelayMs: number;
  slowProcessingDelayMs: number;
}

/** What the simulated card processor does with a confirmation. */
export type ProcessorOutcome =
  | { kind: 'processing'; settlesAfterMs: number }
  | { kind: 'failed'; failure: PaymentFailure }
  | { kind: 'requiresAction' };

export const CARD_DECLINED: PaymentFailure = {
  code: 'card_declined',
  message: 'Your card was declined.',
  retriable: true,
};

export const AUTHENTICATION_FAILED: PaymentFailure = {
  code: 'authentication_failed',
  message: '3-D Secure authentication failed.',
  retriable: true,
};

/** `undefined` means the payment method is unknown to the processor. */
export function processorOutcomeFor(
  paymentMethodId: string,
  timings: ProcessorTimings,
): ProcessorOutcome | undefined {
  switch (simulationFor(paymentMethodId)) {
    case 'succeeds':
      return { kind: 'processing', settlesAfterMs: timings.processingDelayMs };
    case 'succeedsSlowly':
      return { kind: 'processing', settlesAfterMs: timings.slowProcessingDelayMs };
    case 'declines':
      return { kind: 'failed', failure: CARD_DECLINED };
    case 'challenges':
      return { kind: 'requiresAction' };
    case undefined:
      return undefined;
  }
}
