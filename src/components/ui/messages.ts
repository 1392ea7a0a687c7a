import type { FlowStatus } from '../../payments/statusMachine.js';

/**
 * A status as the person booking is told it: a flow that failed before any booking existed
 * failed as a booking, and nothing was charged ("The payment failed" would say otherwise).
 */
export type ShownStatus = FlowStatus | 'bookingFailed';

export function shownStatusOf(flow: { status: FlowStatus; bookingId?: string }): ShownStatus {
  return flow.status === 'failed' && flow.bookingId === undefined ? 'bookingFailed' : flow.status;
}

/**
 * Every string the components show, in one table. A host overrides any part of it through
 * `<PaymentFlowsProvider messages>`; entries that take values are functions of those values,
 * already formatted for the provider's locale.
 */
export interface PaymentFlowsMessages {
  modalTitle: string;
  close: string;
  // The booking form
  resourceLabel: string;
  resourcePlaceholder: string;
  startLabel: string;
  durationLabel: string;
  bookingTypeLegend: string;
  bookingTypeFirm: string;
  bookingTypeTentative: string;
  confirmBooking: string;
  errorResourceRequired: string;
  errorStartRequired: string;
  errorStartInvalid: string;
  errorStartInPast: string;
  errorDuration: (min: number, max: number) => string;
  estimateFirm: (price: string) => string;
  estimateTentative: (price: string) => string;
  // The payment step
  paymentRegion: string;
  paymentNotFound: string;
  /** Under `paymentNotFound`: why a flow may be gone, and what to check before booking again. */
  paymentNotFoundHint: string;
  /** Leaves a flow that could not be found for a new booking (`onStartNewBooking`). */
  startNewBooking: string;
  payHeading: string;
  confirmingHeading: string;
  pay: (amount: string) => string;
  paying: (amount: string) => string;
  methodsLegend: string;
  methodsLoading: string;
  methodsLoadError: string;
  methodsRetry: string;
  methodsNone: string;
  /** Describes Pay while it is disabled because no method is chosen (after a decline). */
  chooseMethodFirst: string;
  /** Pay is back because the server never received the confirm (see `confirmNeverArrived`). */
  paymentNotSent: string;
  creatingHeading: string;
  processingHeading: string;
  processingHint: string;
  reconcilingHeading: string;
  reconcilingHint: string;
  cancellingHeading: string;
  cancellingHint: string;
  requiresActionHeading: string;
  requiresActionHint: string;
  continueTo3ds: string;
  // Failure
  bookingFailedHeading: string;
  paymentFailedHeading: string;
  retryHint: string;
  retry: string;
  retryBooking: string;
  notRetriable: string;
  /** Messages for the error codes a server or the store reports; anything else is `errorGeneric`. */
  errors: Readonly<Record<string, string>>;
  errorGeneric: string;
  // Outcomes
  succeededHeading: string;
  tentativeHeading: string;
  tentativeText: string;
  paidText: (amount: string) => string;
  bookingConfirmed: string;
  bookedResource: string;
  bookedTime: string;
  bookedAmount: string;
  bookedTimeValue: (start: string, minutes: number) => string;
  cancelOverruled: string;
  cancelledHeading: string;
  cancelledText: string;
  expiredHeading: string;
  expiredOverruled: string;
  expiredText: string;
  // Cancel, asked twice
  cancelBooking: string;
  cancelQuestion: string;
  cancelExplanation: string;
  cancelConfirm: string;
  cancelKeep: string;
  // Live regions
  holdCountdown: string;
  connectionRegion: string;
  reconnecting: string;
  offline: string;
  /** The socket has been down for a while but the browser says it is online: the server is unreachable. */
  unreachable: string;
  statusRegion: string;
  /** Each status as a sentence, announced to screen readers when it changes (`shownStatusOf`). */
  statusText: Readonly<Record<ShownStatus, string>>;
  /** Each status in a word or two, for lists of bookings (`shownStatusOf`). */
  statusLabel: Readonly<Record<ShownStatus, string>>;
}

/** English, the default. */
export const defaultMessages: PaymentFlowsMessages = {
  modalTitle: 'Book a resource',
  close: 'Close',
  resourceLabel: 'Resource',
  resourcePlaceholder: 'Choose a resource',
  startLabel: 'Start',
  durationLabel: 'Duration (minutes)',
  bookingTypeLegend: 'Booking type',
  bookingTypeFirm: 'Firm (pay now)',
  bookingTypeTentative: 'Tentative (no payment now)',
  confirmBooking: 'Confirm booking',
  errorResourceRequired: 'Choose a resource.',
  errorStartRequired: 'Choose a start date and time.',
  errorStartInvalid: 'Enter a valid date and time.',
  errorStartInPast: 'The start must be in the future.',
  errorDuration: (min, max) =>
    `The duration must be a whole number of minutes from ${min} to ${max}.`,
  estimateFirm: (price) => `Estimated price: ${price}, paid now.`,
  estimateTentative: (price) => `Estimated price: ${price}. A tentative booking is not paid now.`,
  paymentRegion: 'Payment',
  paymentNotFound: 'This payment could not be found.',
  paymentNotFoundHint:
    'It may have finished a while ago. Check your bookings before you book again.',
  startNewBooking: 'Start a new booking',
  payHeading: 'Pay for your booking',
  confirmingHeading: 'Confirming your payment…',
  pay: (amount) => `Pay ${amount}`,
  paying: (amount) => `Paying ${amount}…`,
  methodsLegend: 'Saved payment method',
  methodsLoading: 'Loading your saved payment methods…',
  methodsLoadError: 'Your saved payment methods could not be loaded.',
  methodsRetry: 'Try again',
  methodsNone: 'You have no saved payment methods.',
  chooseMethodFirst: 'Choose a payment method to pay.',
  paymentNotSent: 'Your payment did not reach us: nothing was charged. You can pay again.',
  creatingHeading: 'Creating your booking…',
  processingHeading: 'Processing your payment…',
  processingHint: 'This page updates by itself. You can close it: the payment carries on.',
  reconcilingHeading: 'Checking the payment status with the bank…',
  reconcilingHint: 'Please do not pay again. This page updates as soon as the bank answers.',
  cancellingHeading: 'Cancelling your booking…',
  cancellingHint:
    'Waiting for the booking system to confirm. Please do not pay for this booking meanwhile.',
  requiresActionHeading: 'Confirm with your bank',
  requiresActionHint: 'Your bank asks you to confirm this payment on its own page.',
  continueTo3ds: 'Continue to 3-D Secure',
  bookingFailedHeading: 'The booking failed',
  paymentFailedHeading: 'The payment failed',
  retryHint: 'Nothing was charged. You can try again with the same card or choose another one.',
  retry: 'Try another card',
  retryBooking: 'Try again',
  notRetriable: 'This attempt cannot be retried. Please start a new booking.',
  errors: {
    card_declined: 'Your card was declined.',
    authentication_failed: 'Your bank did not confirm the payment.',
    payment_failed: 'The payment failed.',
    attempts_exhausted:
      'This booking has had as many payment attempts as it may. Please book again.',
    flow_too_old: 'This payment was started too long ago to resume. Please book again.',
    payment_not_found:
      'The payment server no longer knows this payment. Check your bookings before paying again, or contact support.',
    unsafe_redirect: 'Your bank’s page could not be opened safely. Nothing was charged.',
    invalid_request: 'The booking details were not accepted. Please check them and book again.',
    invalid_payment_method: 'This payment method cannot be used. Please choose another one.',
    rate_limited: 'Too many attempts in a short time. Please wait a moment and try again.',
    network_error: 'The booking system could not be reached. Check your connection.',
    timeout: 'The booking system took too long to answer. Please try again.',
    service_unavailable: 'The booking system is busy. Please try again in a moment.',
    unauthorized: 'Your session has ended. Please sign in again.',
  },
  errorGeneric: 'Something went wrong. Nothing more was charged; please try again later.',
  succeededHeading: 'Payment complete',
  tentativeHeading: 'Booking confirmed',
  tentativeText: 'Your tentative booking is confirmed. There is nothing to pay now.',
  paidText: (amount) => `${amount} paid. Your booking is confirmed.`,
  bookingConfirmed: 'Your booking is confirmed.',
  bookedResource: 'What',
  bookedTime: 'When',
  bookedAmount: 'Paid',
  bookedTimeValue: (start, minutes) => `${start}, ${minutes} minutes`,
  cancelOverruled: 'Your booking could not be cancelled: the payment had already gone through.',
  cancelledHeading: 'Booking cancelled',
  cancelledText: 'The booking was cancelled before any money was taken.',
  expiredHeading: 'Hold expired',
  expiredOverruled: 'The hold had already run out when you cancelled.',
  expiredText: 'The hold on this slot ran out before a payment was made. Nothing was charged.',
  cancelBooking: 'Cancel booking…',
  cancelQuestion: 'Cancel this booking?',
  cancelExplanation: 'The slot held for you will be released.',
  cancelConfirm: 'Yes, cancel booking',
  cancelKeep: 'Keep booking',
  holdCountdown: 'Your slot is held for',
  connectionRegion: 'Connection',
  reconnecting: 'Reconnecting… your payment is safe.',
  offline:
    'You are offline. Your payment is safe; its status will update when the connection is back.',
  unreachable:
    'The booking system cannot be reached right now. Your payment is safe; its status will update when the connection is back.',
  statusRegion: 'Payment status',
  statusText: {
    draft: 'Preparing your booking.',
    creatingBooking: 'Creating your booking.',
    awaitingPayment: 'Your slot is held. Choose a payment method.',
    confirmingPayment: 'Confirming your payment.',
    requiresAction: 'Your bank needs you to confirm the payment.',
    processing: 'Your payment is being processed.',
    succeeded: 'Payment complete. Your booking is confirmed.',
    failed: 'The payment failed.',
    bookingFailed: 'The booking failed. Nothing was charged.',
    cancelled: 'The booking was cancelled.',
    expired: 'The hold on your slot expired.',
    reconciling: 'Checking the payment status with the bank.',
    cancelling: 'Cancelling your booking.',
  },
  statusLabel: {
    draft: 'Preparing',
    creatingBooking: 'Creating booking',
    awaitingPayment: 'Awaiting payment',
    confirmingPayment: 'Confirming payment',
    requiresAction: 'Bank confirmation needed',
    processing: 'Payment processing',
    succeeded: 'Paid and confirmed',
    failed: 'Payment failed',
    bookingFailed: 'Booking failed',
    cancelled: 'Cancelled',
    expired: 'Hold expired',
    reconciling: 'Checking with the bank',
    cancelling: 'Cancelling',
  },
};

/** A host's partial table over the defaults; the three nested tables merge entry by entry. */
export type PaymentFlowsMessagesOverride = Partial<
  Omit<PaymentFlowsMessages, 'errors' | 'statusText' | 'statusLabel'>
> & {
  errors?: Readonly<Record<string, string>>;
  statusText?: Partial<Record<ShownStatus, string>>;
  statusLabel?: Partial<Record<ShownStatus, string>>;
};

export function mergeMessages(
  override: PaymentFlowsMessagesOverride | undefined,
): PaymentFlowsMessages {
  if (!override) return defaultMessages;
  return {
    ...defaultMessages,
    ...override,
    errors: { ...defaultMessages.errors, ...override.errors },
    statusText: { ...defaultMessages.statusText, ...override.statusText },
    statusLabel: { ...defaultMessages.statusLabel, ...override.statusLabel },
  };
}
