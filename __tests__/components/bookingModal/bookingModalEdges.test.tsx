/** @jest-environment jsdom */
import { screen, within } from '@testing-library/react';
import { useState } from 'react';
import { UserBookingModal } from '../../../src/components/bookingModal/UserBookingModal';
import { flowsMirrored, flowStarted } from '../../../src/payments/paymentFlowsSlice';
import { toPersistedFlow } from '../../../src/payments/persistence/flowRecord';
import { selectFlowById } from '../../../src/payments/selectors';
import { flowAwaitingPayment, flowInServerStatus, serverUpdate, T0 } from '../flowFixtures';
import { dispatched, dispatchInAct, renderWithProviders, setupStore } from '../test-utils';

test('when Confirm gives way to another tab’s flow, onFlowStarted names that flow, so reopening shows it', async () => {
  const store = setupStore();
  const otherTab = setupStore();
  const booking = {
    resourceId: 'room-a',
    start: new Date('2030-01-02T10:00').getTime(),
    durationMinutes: 60,
    bookingType: 'FIRM' as const,
  };
  const twin = flowAwaitingPayment(otherTab, booking);
  function Host() {
    const [open, setOpen] = useState(true);
    const [flowId, setFlowId] = useState<string>();
    return (
      <>
        <button
          type="button"
          onClick={() => {
            setOpen(true);
          }}
        >
          Book
        </button>
        <UserBookingModal
          open={open}
          onClose={() => {
            setOpen(false);
          }}
          resources={[{ id: 'room-a', name: 'Room A' }]}
          now={() => T0}
          {...(flowId === undefined ? {} : { flowId })}
          onFlowStarted={setFlowId}
        />
      </>
    );
  }
  const { user } = renderWithProviders(<Host />, { store });
  await user.selectOptions(screen.getByLabelText('Resource'), 'Room A');
  await user.type(screen.getByLabelText('Start'), '2030-01-02T10:00');
  await user.clear(screen.getByLabelText('Duration (minutes)'));
  await user.type(screen.getByLabelText('Duration (minutes)'), '60');
  await user.click(screen.getByRole('button', { name: 'Confirm booking' }));
  const mine = dispatched(store, flowStarted)[0]!.payload.flowId;

  // The other tab had saved a flow for the same draft: this tab's draft flow gives way to it.
  const copy = toPersistedFlow(selectFlowById(otherTab.getState(), twin.flowId)!);
  dispatchInAct(store, flowsMirrored({ flows: [copy], at: T0 + 5 }));
  expect(selectFlowById(store.getState(), mine)).toBeUndefined();
  expect(screen.getByRole('button', { name: 'Pay €50.00' })).toBeVisible();

  await user.click(screen.getByRole('button', { name: 'Close' }));
  await user.click(screen.getByRole('button', { name: 'Book' }));
  expect(screen.queryByText('This payment could not be found.')).not.toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Pay €50.00' })).toBeVisible();
});

test('Tab from a step heading with no control after it stays in the dialog (to Close)', async () => {
  const store = setupStore();
  const { flowId, paymentId } = flowInServerStatus(store, 'processing');
  function Host() {
    const [open, setOpen] = useState(false);
    return (
      <>
        <button
          type="button"
          onClick={() => {
            setOpen(true);
          }}
        >
          Book
        </button>
        <UserBookingModal
          open={open}
          onClose={() => {
            setOpen(false);
          }}
          resources={[]}
          flowId={flowId}
        />
      </>
    );
  }
  const { user } = renderWithProviders(<Host />, { store });
  await user.click(screen.getByRole('button', { name: 'Book' }));
  const dialog = screen.getByRole('dialog');
  within(dialog).getByRole('heading', { name: 'Processing your payment…' }).focus();
  dispatchInAct(store, serverUpdate(paymentId, 'succeeded', 3));
  // The step change moved focus to the new heading, the last focusable thing in the dialog.
  expect(within(dialog).getByRole('heading', { name: 'Payment complete' })).toHaveFocus();

  await user.tab();
  expect(screen.getByRole('button', { name: 'Close' })).toHaveFocus();
});
