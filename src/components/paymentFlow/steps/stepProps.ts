import type { PaymentFlow } from '../../../payments/types.js';
import type { BookingResource } from '../../bookingModal/BookingForm.js';

/** What every step view receives; each uses only what its step needs. */
export interface StepProps {
  flow: PaymentFlow;
  /** A command given in this state is still under way: its buttons stay disabled. */
  busy: boolean;
  /** The host's resources, to name what was booked. */
  resources?: readonly BookingResource[] | undefined;
  onPay: (paymentMethodId: string) => void;
  onRetry: () => void;
  onRedirect: (url: string) => void;
}
