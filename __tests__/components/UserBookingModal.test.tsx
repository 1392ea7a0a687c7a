/** @jest-environment jsdom */
import { screen, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { UserBookingModal } from '../../src/components/bookingModal/UserBookingModal';
import {
  bookingCreated,
  bookingRequested,
  cancelRequested,
  flowsMirrored,
  flowsRetired,
  flowStarted,
  paymentSubmitted,
} from '../../src/payments/paymentFlowsSlice';
import { toPersistedFlow } from '../../src/payments/persistence/flowRecord';
import { selectAllFlows, selectFlowById } from '../../src/payments/selectors';
import { estimatePrice } from '../../src/payments/pricing';
import { flowAwaitingPayment, flowInServerStatus, serverUpdate, T0 } from './flowFixtures';
import { dispatched, dispatchInAct, renderWithProviders, setupStore } from './test-utils';

const resources = [
  { id: 'room-a', name: 'Room A' },
  { id: 'room-b', name: 'Room B' },
];
const now = () => T0;

/** A host page: an opener button, and the flow id it remembers to reopen the dialog on. */
function Host({ remembered }: { remembered?: string }) {
  const [open, setOpen] = useState(false);
  const [flowId, setFlowId] = useState(remembered);
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
        resources={resources}
        now={now}
        {...(flowId === undefined ? {} : { flowId })}
        onFlowStarted={setFlowId}
      />
    </>
  );
}

async function fillForm(
  user: UserEvent,
  { resource = 'Room A', start = '2030-01-02T10:00', duration = '90' } = {},
) {
  await user.selectOptions(screen.getByLabelText('Resource'), resource);
  await user.type(screen.getByLabelText('Start'), start);
  await user.clear(screen.getByLabelText('Duration (minutes)'));
  await user.type(screen.getByLabelText('Duration (minutes)'), duration);
}

const confirmButton = () => screen.getByRole('button', { name: 'Confirm booking' });

test('is a modal dialog labelled by its heading', async () => {
  const { user } = renderWithProviders(<Host />);
  expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Book' }));
  const dialog = screen.getByRole('dialog', { name: 'Book a resource' });
  expect(dialog).toHaveAttribute('aria-modal', 'true');
});

test('validates every field, ties each message to its input, and starts nothing', async () => {
  const { user, store } = renderWithProviders(
    <UserBookingModal open onClose={jest.fn()} resources={resources} now={now} />,
  );
  await user.clear(screen.getByLabelText('Duration (minutes)'));
  await user.type(screen.getByLabelText('Duration (minutes)'), '10');
  await user.click(confirmButton());

  const resource = screen.getByLabelText('Resource');
  expect(resource).toBeInvalid();
  expect(resource).toHaveAccessibleDescription('Choose a resource.');
  expect(resource).toHaveFocus();
  expect(screen.getByLabelText('Start')).toHaveAccessibleDescription(
    'Choose a start date and time.',
  );
  expect(screen.getByLabelText('Duration (minutes)')).toHaveAccessibleDescription(
    'The duration must be a whole number of minutes from 15 to 480.',
  );

  // After the first Confirm, messages follow every edit.
  await fillForm(user, { start: '2029-12-31T10:00', duration: '481' });
  expect(resource).toBeValid();
  expect(resource).not.toHaveAccessibleDescription();
  expect(screen.getByLabelText('Start')).toHaveAccessibleDescription(
    'The start must be in the future.',
  );
  expect(screen.getByLabelText('Duration (minutes)')).toBeInvalid();
  await user.click(confirmButton());
  expect(dispatched(store, flowStarted)).toHaveLength(0);
  expect(confirmButton()).toBeInTheDocument();
});

test('shows the host’s price estimate (the demo’s: 25.00 EUR per started half hour), paid now only when FIRM', async () => {
  const { user } = renderWithProviders(
    <UserBookingModal open onClose={jest.fn()} resources={resources} now={now} />,
    { settings: { estimatePrice } },
  );
  const duration = screen.getByLabelText('Duration (minutes)');
  expect(screen.getByText('Estimated price: €50.00, paid now.')).toBeInTheDocument();
  await user.clear(duration);
  await user.type(duration, '61');
  expect(screen.getByText('Estimated price: €75.00, paid now.')).toBeInTheDocument();
  await user.clear(duration);
  await user.type(duration, '15');
  expect(screen.getByText('Estimated price: €25.00, paid now.')).toBeInTheDocument();
  await user.click(screen.getByRole('radio', { name: 'Tentative (no payment now)' }));
  expect(
    screen.getByText('Estimated price: €25.00. A tentative booking is not paid now.'),
  ).toBeInTheDocument();
  await user.clear(duration);
  await user.type(duration, '5');
  expect(screen.queryByText(/Estimated price/)).not.toBeInTheDocument();
});

test('Confirm starts exactly one flow with the draft, even on a double click, and shows it', async () => {
  const { user, store } = renderWithProviders(<Host />);
  await user.click(screen.getByRole('button', { name: 'Book' }));
  await fillForm(user, { resource: 'Room B' });
  await user.dblClick(confirmButton());

  const started = dispatched(store, flowStarted);
  expect(started).toHaveLength(1);
  expect(started[0]!.payload.booking).toEqual({
    resourceId: 'room-b',
    start: new Date('2030-01-02T10:00').getTime(),
    durationMinutes: 90,
    bookingType: 'FIRM',
  });
  expect(selectAllFlows(store.getState())).toHaveLength(1);
  const dialog = screen.getByRole('dialog');
  expect(within(dialog).getByRole('progressbar', { name: 'Creating your booking…' })).toBeVisible();
  expect(within(dialog).queryByLabelText('Resource')).not.toBeInTheDocument();
  expect(dialog).toContainElement(document.activeElement as HTMLElement);
});

test('closing mid-payment cancels nothing; reopening with the flowId shows the same flow', async () => {
  const { user, store } = renderWithProviders(<Host />);
  await user.click(screen.getByRole('button', { name: 'Book' }));
  await fillForm(user);
  await user.click(confirmButton());
  const flowId = dispatched(store, flowStarted)[0]!.payload.flowId;
  dispatchInAct(store, bookingRequested({ flowId, at: T0 + 1 }));
  dispatchInAct(
    store,
    bookingCreated({
      flowId,
      at: T0 + 2,
      bookingId: 'bk_1',
      payment: { paymentId: 'pay_1', seq: 1 },
      amount: { value: 7500, currency: 'EUR' },
      holdExpiresAt: T0 + 600_000,
    }),
  );
  await user.click(screen.getByRole('button', { name: 'Pay €75.00' }));
  expect(dispatched(store, paymentSubmitted)).toHaveLength(1);
  const before = selectFlowById(store.getState(), flowId);
  expect(before?.status).toBe('confirmingPayment');

  await user.click(screen.getByRole('button', { name: 'Close' }));
  expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  expect(dispatched(store, cancelRequested)).toHaveLength(0);
  expect(selectFlowById(store.getState(), flowId)).toBe(before);
  expect(store.getState().connection.watchers).toEqual({});

  await user.click(screen.getByRole('button', { name: 'Book' }));
  const dialog = screen.getByRole('dialog');
  expect(within(dialog).getByRole('button', { name: 'Paying €75.00…' })).toBeDisabled();
  expect(within(dialog).getByRole('radio', { name: 'Visa ending in 4242' })).toBeChecked();
  expect(store.getState().connection.watchers).toEqual({ [flowId]: 1 });
});

test('makes the page behind it inert while open, and live again when closed', async () => {
  const { user } = renderWithProviders(<Host />);
  const opener = screen.getByRole('button', { name: 'Book' });
  await user.click(opener);

  expect(opener.closest('[inert]')).not.toBeNull();
  expect(screen.getByRole('dialog').closest('[inert]')).toBeNull();
  await user.keyboard('{Escape}');
  expect(opener.closest('[inert]')).toBeNull();
});

test('Escape closes the dialog and focus returns to the opener', async () => {
  const { user } = renderWithProviders(<Host />);
  const opener = screen.getByRole('button', { name: 'Book' });
  await user.click(opener);
  expect(screen.getByLabelText('Resource')).toHaveFocus();
  await user.keyboard('{Escape}');
  expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  expect(opener).toHaveFocus();
});

test('traps focus: Tab and Shift+Tab cycle inside the dialog', async () => {
  const { user } = renderWithProviders(<Host />);
  await user.click(screen.getByRole('button', { name: 'Book' }));
  const dialog = screen.getByRole('dialog');
  // Close sits in the header, first in tab order; focus opens on the form's first field.
  const close = screen.getByRole('button', { name: 'Close' });
  const last = screen.getByRole('button', { name: 'Confirm booking' });
  expect(screen.getByLabelText('Resource')).toHaveFocus();

  await user.tab({ shift: true });
  expect(close).toHaveFocus();
  await user.tab({ shift: true });
  expect(last).toHaveFocus();
  await user.tab();
  expect(close).toHaveFocus();
  for (let i = 0; i < 12; i += 1) {
    await user.tab();
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
  }
});

test('Tab from a step heading with no control after it stays in the dialog (to Close)', async () => {
  const store = setupStore();
  const { flowId, paymentId } = flowInServerStatus(store, 'processing');
  const { user } = renderWithProviders(<Host remembered={flowId} />, { store });
  await user.click(screen.getByRole('button', { name: 'Book' }));
  const dialog = screen.getByRole('dialog');
  within(dialog).getByRole('heading', { name: 'Processing your payment…' }).focus();
  dispatchInAct(store, serverUpdate(paymentId, 'succeeded', 3));
  // The step change moved focus to the new heading, the last focusable thing in the dialog.
  expect(within(dialog).getByRole('heading', { name: 'Payment complete' })).toHaveFocus();

  await user.tab();
  expect(screen.getByRole('button', { name: 'Close' })).toHaveFocus();
});

/** Another tab's flow for the draft `fillForm(user, { duration: '60' })` confirms. */
function otherTabsFlow() {
  const otherTab = setupStore();
  const twin = flowAwaitingPayment(otherTab, {
    resourceId: 'room-a',
    start: new Date('2030-01-02T10:00').getTime(),
    durationMinutes: 60,
    bookingType: 'FIRM',
  });
  /** This tab hears of it: its own draft flow for the same draft gives way to it. */
  const mirrorInto = (store: ReturnType<typeof setupStore>) => {
    const copy = toPersistedFlow(selectFlowById(otherTab.getState(), twin.flowId)!);
    dispatchInAct(store, flowsMirrored({ flows: [copy], at: T0 + 5 }));
  };
  return { twin, mirrorInto };
}

test('when Confirm gives way to another tab’s flow, the host is told that flow, so reopening shows it', async () => {
  const store = setupStore();
  const { mirrorInto } = otherTabsFlow();
  const { user } = renderWithProviders(<Host />, { store });
  await user.click(screen.getByRole('button', { name: 'Book' }));
  await fillForm(user, { duration: '60' });
  await user.click(screen.getByRole('button', { name: 'Confirm booking' }));
  const mine = dispatched(store, flowStarted)[0]?.payload.flowId ?? '';

  // The other tab had saved a flow for the same draft: this tab's draft flow gives way to it.
  mirrorInto(store);
  expect(selectFlowById(store.getState(), mine)).toBeUndefined();
  expect(screen.getByRole('button', { name: 'Pay €50.00' })).toBeVisible();

  await user.click(screen.getByRole('button', { name: 'Close' }));
  await user.click(screen.getByRole('button', { name: 'Book' }));
  expect(screen.queryByText('This payment could not be found.')).not.toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Pay €50.00' })).toBeVisible();
});

test('Close is in the header, apart from the payment step and its Cancel', async () => {
  const { user } = renderWithProviders(<Host />);
  await user.click(screen.getByRole('button', { name: 'Book' }));
  await fillForm(user);
  await user.click(confirmButton());
  const close = screen.getByRole('button', { name: 'Close' });
  expect(close.closest('header')).toContainElement(
    screen.getByRole('heading', { name: 'Book a resource' }),
  );
  expect(screen.getByRole('region', { name: 'Payment' })).not.toContainElement(close);
});

test('the success view names the booked resource from the modal’s resources', async () => {
  const { user, store } = renderWithProviders(<Host />);
  await user.click(screen.getByRole('button', { name: 'Book' }));
  await fillForm(user, { resource: 'Room B' });
  await user.click(confirmButton());
  const flowId = dispatched(store, flowStarted)[0]!.payload.flowId;
  dispatchInAct(store, bookingRequested({ flowId, at: T0 + 1 }));
  dispatchInAct(store, bookingCreated({ flowId, at: T0 + 2, bookingId: 'bk_t' }));
  expect(screen.getByRole('heading', { name: 'Booking confirmed' })).toHaveFocus();
  expect(screen.getAllByRole('definition')[0]).toHaveTextContent(/^Room B$/);
});

test('the other tab’s flow that Confirm gave way to stays shown once it has ended', async () => {
  const store = setupStore();
  const { twin, mirrorInto } = otherTabsFlow();
  const told: string[] = [];
  const { user } = renderWithProviders(
    <UserBookingModal
      open
      onClose={() => undefined}
      resources={resources}
      now={now}
      onFlowStarted={(id) => told.push(id)}
    />,
    { store },
  );
  await fillForm(user, { duration: '60' });
  await user.click(confirmButton());
  mirrorInto(store);
  await user.click(screen.getByRole('button', { name: 'Pay €50.00' }));

  // The payment succeeds: the flow is no longer the draft's active one, but it is the one shown.
  dispatchInAct(store, serverUpdate(twin.paymentId, 'succeeded', 2));
  expect(screen.queryByText('This payment could not be found.')).not.toBeInTheDocument();
  expect(screen.getByRole('heading', { name: 'Payment complete' })).toBeVisible();
  expect(told.at(-1)).toBe(twin.flowId);
});

test('reopened on a booking retired since, the dialog says so and offers a new booking instead', async () => {
  const store = setupStore();
  const { flowId } = flowInServerStatus(store, 'succeeded');
  // Finished, the flow left the store after its retention time while the dialog was closed.
  store.dispatch(flowsRetired({ flowIds: [flowId], at: T0 + 1_000 }));
  const { user } = renderWithProviders(<Host remembered={flowId} />, { store });
  await user.click(screen.getByRole('button', { name: 'Book' }));

  // Not a blank form in its place: that payment may have gone through.
  expect(screen.getByRole('alert')).toHaveTextContent('This payment could not be found.');
  // Focus opens on the way forward, which reads the hint to check the bookings first.
  const startNew = screen.getByRole('button', { name: 'Start a new booking' });
  expect(startNew).toHaveFocus();
  expect(startNew).toHaveAccessibleDescription(/Check your bookings before you book again/);
  await user.click(startNew);

  expect(screen.getByLabelText('Resource')).toHaveFocus();
  await fillForm(user);
  await user.click(confirmButton());
  const newFlow = dispatched(store, flowStarted).at(-1)?.payload.flowId;
  expect(newFlow).not.toBe(flowId);
  expect(screen.getByRole('heading', { name: 'Creating your booking…' })).toBeVisible();

  // The host was told the new flow: reopening shows it, not the retired one.
  await user.click(screen.getByRole('button', { name: 'Close' }));
  await user.click(screen.getByRole('button', { name: 'Book' }));
  expect(screen.getByRole('heading', { name: 'Creating your booking…' })).toBeVisible();
});
