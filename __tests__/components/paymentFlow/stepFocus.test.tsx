/** @jest-environment jsdom */
import { screen, within } from '@testing-library/react';
import { StrictMode, useState } from 'react';
import { UserBookingModal } from '../../../src/components/bookingModal/UserBookingModal';
import { PaymentFlow } from '../../../src/components/paymentFlow/PaymentFlow';
import { bookingRequested, flowStarted } from '../../../src/payments/paymentFlowsSlice';
import { flowAwaitingPayment, serverUpdate, T0 } from '../flowFixtures';
import { renderFlow } from '../renderPaymentFlow';
import { dispatched, dispatchInAct, renderWithProviders, setupStore } from '../test-utils';

const heading = (name: string) => screen.getByRole('heading', { name });

test('after Pay, focus moves to each new step heading and never falls to <body>', async () => {
  const store = setupStore();
  const { flowId, paymentId } = flowAwaitingPayment(store);
  const { user } = await renderFlow(store, flowId);

  await user.click(screen.getByRole('button', { name: 'Pay €50.00' }));
  expect(heading('Confirming your payment…')).toHaveFocus();

  dispatchInAct(store, serverUpdate(paymentId, 'processing', 2));
  expect(heading('Processing your payment…')).toHaveFocus();
  dispatchInAct(store, serverUpdate(paymentId, 'succeeded', 3));
  expect(heading('Payment complete')).toHaveFocus();
  expect(document.activeElement).not.toBe(document.body);
});

/** A flow shown, paid, and declined by the server: the failed step is on screen. */
async function declinedFlow() {
  const store = setupStore();
  const { flowId, paymentId } = flowAwaitingPayment(store);
  const { user } = await renderFlow(store, flowId);
  await user.click(screen.getByRole('button', { name: 'Pay €50.00' }));
  dispatchInAct(
    store,
    serverUpdate(paymentId, 'failed', 2, {
      failure: { code: 'card_declined', message: 'declined', retriable: true },
    }),
  );
  return { user };
}

test('"Try another card" takes focus back to the payment step heading', async () => {
  const { user } = await declinedFlow();
  expect(heading('The payment failed')).toHaveFocus();
  await user.click(screen.getByRole('button', { name: 'Try another card' }));
  expect(heading('Pay for your booking')).toHaveFocus();
});

test('a step change leaves alone focus the user put elsewhere on the page', async () => {
  const store = setupStore();
  const { flowId, paymentId } = flowAwaitingPayment(store);
  function Page() {
    const [note, setNote] = useState('');
    return (
      <>
        <input
          aria-label="Note"
          value={note}
          onChange={(event) => {
            setNote(event.target.value);
          }}
        />
        <PaymentFlow flowId={flowId} />
      </>
    );
  }
  const { user } = renderWithProviders(<Page />, { store });
  await user.click(await screen.findByRole('button', { name: 'Pay €50.00' }));
  await user.click(screen.getByLabelText('Note'));
  dispatchInAct(store, serverUpdate(paymentId, 'processing', 2));
  expect(screen.getByLabelText('Note')).toHaveFocus();
});

test('in the modal, Confirm puts focus on the new step heading, not on <body>', async () => {
  function Host() {
    const [open, setOpen] = useState(true);
    return (
      <UserBookingModal
        open={open}
        onClose={() => {
          setOpen(false);
        }}
        resources={[{ id: 'room-a', name: 'Room A' }]}
        now={() => T0}
      />
    );
  }
  const { user, store } = renderWithProviders(<Host />);
  await user.selectOptions(screen.getByLabelText('Resource'), 'Room A');
  await user.type(screen.getByLabelText('Start'), '2030-01-02T10:00');
  await user.click(screen.getByRole('button', { name: 'Confirm booking' }));

  const dialog = screen.getByRole('dialog');
  expect(within(dialog).getByRole('heading', { name: 'Creating your booking…' })).toHaveFocus();
  const flowId = dispatched(store, flowStarted)[0]!.payload.flowId;
  dispatchInAct(store, bookingRequested({ flowId, at: T0 + 1 }));
  expect(within(dialog).getByRole('heading', { name: 'Creating your booking…' })).toHaveFocus();
});

test('a flow shown inline as the page loads does not pull focus to itself', async () => {
  const store = setupStore();
  const { flowId, paymentId } = flowAwaitingPayment(store);
  await renderFlow(store, flowId);
  expect(document.body).toHaveFocus();
  // Its later step changes do move focus that had nowhere else to be.
  dispatchInAct(store, serverUpdate(paymentId, 'processing', 2));
  expect(heading('Processing your payment…')).toHaveFocus();
});

test('with several flows on the page, one that changes in the background does not take focus', async () => {
  const store = setupStore();
  const first = flowAwaitingPayment(store);
  const second = flowAwaitingPayment(store);
  renderWithProviders(
    <>
      <PaymentFlow flowId={first.flowId} />
      <PaymentFlow flowId={second.flowId} />
    </>,
    { store },
  );
  await screen.findAllByRole('button', { name: 'Pay €50.00' });
  expect(document.body).toHaveFocus();

  // The reader is on the page, not in either flow: a status arriving must not scroll it away.
  dispatchInAct(store, serverUpdate(second.paymentId, 'processing', 2));
  expect(document.body).toHaveFocus();

  // The flow the user last acted in still takes focus its step change left on <body>.
  const [firstPay] = screen.getAllByRole('button', { name: 'Pay €50.00' });
  firstPay?.focus();
  firstPay?.blur();
  dispatchInAct(store, serverUpdate(first.paymentId, 'processing', 2));
  expect(screen.getAllByRole('heading', { name: 'Processing your payment…' })[0]).toHaveFocus();
});

test('StrictMode’s second run of the effects does not count as a step change', async () => {
  const store = setupStore();
  const { flowId } = flowAwaitingPayment(store);
  renderWithProviders(
    <StrictMode>
      <PaymentFlow flowId={flowId} />
    </StrictMode>,
    { store },
  );
  await screen.findByRole('button', { name: 'Pay €50.00' });
  expect(document.body).toHaveFocus();
});

test('focus that fell to the dialog around the flow (a click on a disabled Pay) still follows the steps', async () => {
  const store = setupStore();
  const { flowId, paymentId } = flowAwaitingPayment(store);
  const { user } = renderWithProviders(
    <UserBookingModal open onClose={() => undefined} resources={[]} flowId={flowId} />,
    { store },
  );
  await user.click(await screen.findByRole('button', { name: 'Pay €50.00' }));
  expect(heading('Confirming your payment…')).toHaveFocus();
  // What Chromium does on the second click of a double-click: the disabled Pay cannot take
  // focus, so its nearest focusable ancestor, the dialog (tabindex -1), does.
  screen.getByRole('dialog').focus();

  dispatchInAct(store, serverUpdate(paymentId, 'processing', 2));
  expect(heading('Processing your payment…')).toHaveFocus();
  dispatchInAct(store, serverUpdate(paymentId, 'succeeded', 3));
  expect(heading('Payment complete')).toHaveFocus();
});

test('after a decline nothing is chosen: the disabled Pay says why (its accessible description)', async () => {
  const { user } = await declinedFlow();
  await user.click(screen.getByRole('button', { name: 'Try another card' }));

  const pay = screen.getByRole('button', { name: 'Pay €50.00' });
  expect(pay).toBeDisabled();
  expect(pay).toHaveAccessibleDescription('Choose a payment method to pay.');
  await user.click(screen.getByRole('radio', { name: 'Visa ending in 4242' }));
  expect(pay).toBeEnabled();
  expect(pay).not.toHaveAccessibleDescription();
});
