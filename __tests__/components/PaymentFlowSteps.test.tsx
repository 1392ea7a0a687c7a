/** @jest-environment jsdom */
import { screen } from '@testing-library/react';
import {
  bookingCreated,
  bookingFailed,
  bookingRequested,
  cancelRequested,
  flowCancelled,
  flowStarted,
  holdExpired,
  paymentOutcomeUnknown,
  paymentSubmitted,
} from '../../src/payments/paymentFlowsSlice';
import { draft, flowAwaitingPayment, flowInServerStatus, serverUpdate, T0 } from './flowFixtures';
import { renderFlow } from './renderPaymentFlow';
import { setupStore, type TestStore } from './test-utils';

const declined = { code: 'card_declined', message: 'Your card was declined.', retriable: true };
const challenge = { type: 'redirectToUrl' as const, url: 'https://bank.example/3ds/pay_1' };

/** Each status, reached through the actions the sagas and the server really dispatch. */
const steps: [string, (store: TestStore) => string, () => void][] = [
  [
    'draft: creating the booking',
    (store) => store.dispatch(flowStarted(draft(), T0)).payload.flowId,
    () => screen.getByRole('progressbar', { name: 'Creating your booking…' }),
  ],
  [
    'creatingBooking: creating the booking',
    (store) => {
      const { flowId } = store.dispatch(flowStarted(draft(), T0)).payload;
      store.dispatch(bookingRequested({ flowId, at: T0 + 1 }));
      return flowId;
    },
    () => screen.getByRole('progressbar', { name: 'Creating your booking…' }),
  ],
  [
    'awaitingPayment: saved methods, the default preselected, Pay',
    (store) => flowAwaitingPayment(store).flowId,
    () => {
      expect(screen.getByRole('radio', { name: 'Visa ending in 4242' })).toBeChecked();
      expect(screen.getByRole('radio', { name: 'Visa ending in 3155' })).not.toBeChecked();
      expect(screen.getByRole('button', { name: 'Pay €50.00' })).toBeEnabled();
    },
  ],
  [
    'confirmingPayment: the method being charged, Pay disabled',
    (store) => {
      const { flowId } = flowAwaitingPayment(store);
      store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_3ds', at: T0 + 3 }));
      return flowId;
    },
    () => {
      expect(screen.getByRole('heading', { name: 'Confirming your payment…' })).toBeVisible();
      expect(screen.getByRole('radio', { name: 'Visa ending in 3155' })).toBeChecked();
      expect(screen.getByRole('button', { name: 'Paying €50.00…' })).toBeDisabled();
    },
  ],
  [
    'requiresAction: continue to 3-D Secure',
    (store) => flowInServerStatus(store, 'requiresAction', { nextAction: challenge }).flowId,
    () => screen.getByRole('button', { name: 'Continue to 3-D Secure' }),
  ],
  [
    'processing',
    (store) => flowInServerStatus(store, 'processing').flowId,
    () => screen.getByRole('progressbar', { name: 'Processing your payment…' }),
  ],
  [
    'succeeded',
    (store) => flowInServerStatus(store, 'succeeded').flowId,
    () => {
      expect(screen.getByRole('heading', { name: 'Payment complete' })).toBeVisible();
      expect(screen.getByText('€50.00 paid. Your booking is confirmed.')).toBeVisible();
      // What was booked: the resource, when and for how long, and the amount.
      const start = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
      expect(screen.getAllByRole('term').map((term) => term.textContent)).toEqual([
        'What',
        'When',
        'Paid',
      ]);
      expect(screen.getAllByRole('definition').map((value) => value.textContent)).toEqual([
        expect.stringMatching(/^room-\d+$/),
        `${start.format(T0 + 86_400_000)}, 60 minutes`,
        '€50.00',
      ]);
    },
  ],
  [
    'succeeded without a payment (TENTATIVE)',
    (store) => {
      const { flowId } = store.dispatch(
        flowStarted(draft({ bookingType: 'TENTATIVE' }), T0),
      ).payload;
      store.dispatch(bookingRequested({ flowId, at: T0 + 1 }));
      store.dispatch(bookingCreated({ flowId, at: T0 + 2, bookingId: 'bk_t' }));
      return flowId;
    },
    () => screen.getByText('Your tentative booking is confirmed. There is nothing to pay now.'),
  ],
  [
    'failed: the message and "Try another card"',
    (store) => flowInServerStatus(store, 'failed', { failure: declined }).flowId,
    () => {
      expect(screen.getByRole('status', { name: 'Payment status' })).toHaveTextContent(
        'The payment failed.',
      );
      expect(screen.getByRole('alert')).toHaveTextContent('Your card was declined.');
      expect(screen.getByRole('alert')).toHaveAttribute('data-error-code', 'card_declined');
      expect(screen.getByRole('button', { name: 'Try another card' })).toBeEnabled();
    },
  ],
  [
    'failed with no booking: the booking failed and nothing was charged, in the status line too',
    (store) => {
      const { flowId } = store.dispatch(flowStarted(draft(), T0)).payload;
      store.dispatch(bookingRequested({ flowId, at: T0 + 1 }));
      const busy = { code: 'service_unavailable', message: 'Busy', retriable: true };
      store.dispatch(bookingFailed({ flowId, error: busy, at: T0 + 2 }));
      return flowId;
    },
    () => {
      screen.getByRole('heading', { name: 'The booking failed' });
      expect(screen.getByRole('status', { name: 'Payment status' })).toHaveTextContent(
        'The booking failed. Nothing was charged.',
      );
    },
  ],
  [
    'cancelling: waiting for the server, with no Cancel or Pay button',
    (store) => {
      const { flowId } = flowAwaitingPayment(store);
      store.dispatch(cancelRequested({ flowId, at: T0 + 5 }));
      return flowId;
    },
    () => {
      screen.getByRole('progressbar', { name: 'Cancelling your booking…' });
      expect(screen.queryByRole('button', { name: /Cancel booking|^Pay / })).toBeNull();
    },
  ],
  [
    'succeeded after a cancel the server overruled: it says why',
    (store) => {
      const { flowId, paymentId } = flowAwaitingPayment(store);
      store.dispatch(cancelRequested({ flowId, at: T0 + 4 }));
      store.dispatch(serverUpdate(paymentId, 'succeeded', 3));
      return flowId;
    },
    () => {
      screen.getByRole('heading', { name: 'Payment complete' });
      expect(screen.getByRole('alert')).toHaveTextContent(
        'could not be cancelled: the payment had already gone through',
      );
    },
  ],
  [
    'cancelled',
    (store) => {
      const { flowId } = flowAwaitingPayment(store);
      store.dispatch(cancelRequested({ flowId, at: T0 + 4 }));
      store.dispatch(flowCancelled({ flowId, at: T0 + 5 }));
      return flowId;
    },
    () => screen.getByRole('heading', { name: 'Booking cancelled' }),
  ],
  [
    'expired',
    (store) => {
      const { flowId } = flowAwaitingPayment(store);
      store.dispatch(holdExpired({ flowId, at: T0 + 5 }));
      return flowId;
    },
    () => screen.getByRole('heading', { name: 'Hold expired' }),
  ],
  [
    'reconciling: checking with the bank',
    (store) => {
      const { flowId } = flowAwaitingPayment(store);
      store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: T0 + 3 }));
      store.dispatch(paymentOutcomeUnknown({ flowId, at: T0 + 4, reason: 'timeout' }));
      return flowId;
    },
    () => screen.getByRole('progressbar', { name: 'Checking the payment status with the bank…' }),
  ],
];

test.each(steps)('renders %s from the store', async (_name, arrange, assertStep) => {
  const store = setupStore();
  const flowId = arrange(store);
  await renderFlow(store, flowId);
  assertStep();
});
