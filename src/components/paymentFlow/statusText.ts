import type { FlowStatus } from '../../payments/statusMachine.js';

/** Each status in words, for the live region that announces changes to screen readers. */
export const STATUS_TEXT: Readonly<Record<FlowStatus, string>> = {
  draft: 'Preparing your booking.',
  creatingBooking: 'Creating your booking.',
  awaitingPayment: 'Your slot is held. Choose a payment method.',
  confirmingPayment: 'Confirming your payment.',
  requiresAction: 'Your bank needs you to confirm the payment.',
  processing: 'Your payment is being processed.',
  succeeded: 'Payment complete. Your booking is confirmed.',
  failed: 'The payment failed.',
  cancelled: 'The booking was cancelled.',
  expired: 'The hold on your slot expired.',
  reconciling: 'Checking the payment status with the bank.',
  cancelling: 'Cancelling your booking.',
};
