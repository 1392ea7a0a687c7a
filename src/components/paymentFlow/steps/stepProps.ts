import type { PaymentFlow } from '../../../payments/types.js';

/** What every step view receives; each uses only what its step needs. */
export interface StepProps {
  flow: PaymentFlow;
  /** A command given in this state is still under way: its buttons stay disabled. */
  busy: boolean;
  onPay: (paymentMethodId: string) => void;
  onRetry: () => void;
  onRedirect: (url: string) => void;
}
