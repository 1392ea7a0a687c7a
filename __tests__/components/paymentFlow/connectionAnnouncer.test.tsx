/** @jest-environment jsdom */
import { screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { UserBookingModal } from '../../../src/components/bookingModal/UserBookingModal';
import { PaymentFlow } from '../../../src/components/paymentFlow/PaymentFlow';
import { socketConnected, socketDisconnected } from '../../../src/payments/socket/connectionSlice';
import { flowAwaitingPayment, T0 } from '../flowFixtures';
import { dispatchInAct, renderWithProviders, setupStore, type TestStore } from '../test-utils';
import type { ReactElement } from 'react';

const RECONNECTING = 'Reconnecting… your payment is safe.';

const connectionRegions = () => screen.queryAllByRole('status', { name: 'Connection' });

function dropConnection(store: TestStore): void {
  dispatchInAct(store, socketConnected({ at: T0 }));
  dispatchInAct(store, socketDisconnected({ reason: 'transport close', at: T0 + 1 }));
}

/** A list of bookings, each with its payment step inline; any row can be removed. */
function BookingsList({ flowIds }: { flowIds: string[] }) {
  const [shown, setShown] = useState(flowIds);
  return (
    <ul>
      {shown.map((flowId, index) => (
        <li key={flowId}>
          <PaymentFlow flowId={flowId} />
          <button
            type="button"
            onClick={() => {
              setShown((ids) => ids.filter((id) => id !== flowId));
            }}
          >
            Remove booking {index + 1}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Renders the page and waits for every flow's saved methods, which arrive after the render. */
async function renderPage(ui: ReactElement, store: TestStore, flowCount: number) {
  const rendered = renderWithProviders(ui, { store });
  await waitFor(() => {
    expect(screen.getAllByRole('radio', { name: 'Visa ending in 4242' })).toHaveLength(flowCount);
  });
  return rendered;
}

function threeFlows(store: TestStore): string[] {
  return [1, 2, 3].map(() => flowAwaitingPayment(store).flowId);
}

test('with three flows on the page, a dropped connection is announced once and shown on each', async () => {
  const store = setupStore();
  await renderPage(<BookingsList flowIds={threeFlows(store)} />, store, 3);

  dropConnection(store);

  expect(connectionRegions()).toHaveLength(1);
  expect(connectionRegions()[0]).toHaveTextContent(RECONNECTING);
  // Sighted users still see it next to every payment.
  expect(screen.getAllByText(RECONNECTING)).toHaveLength(3);
});

test('when the announcing flow leaves the page, another one announces', async () => {
  const store = setupStore();
  const { user } = await renderPage(<BookingsList flowIds={threeFlows(store)} />, store, 3);
  const announcer = connectionRegions()[0];
  const row = screen.getAllByRole('listitem').find((item) => announcer && item.contains(announcer));
  const remove = row && within(row).getByRole('button', { name: /Remove booking/ });
  if (!remove) throw new Error('the announcing region belongs to no row');

  await user.click(remove);
  dropConnection(store);

  expect(connectionRegions()).toHaveLength(1);
  expect(connectionRegions()[0]).toHaveTextContent(RECONNECTING);
});

test('the booking dialog, the only view, announces a dropped connection', async () => {
  const store = setupStore();
  const { flowId } = flowAwaitingPayment(store);
  await renderPage(
    <UserBookingModal open onClose={jest.fn()} resources={[]} flowId={flowId} />,
    store,
    1,
  );

  dropConnection(store);

  const dialog = screen.getByRole('dialog');
  expect(within(dialog).getByRole('status', { name: 'Connection' })).toHaveTextContent(
    RECONNECTING,
  );
});

test('the booking dialog announces, not the page it made inert, even for flows shown after it', async () => {
  const store = setupStore();
  const [opened, ...listed] = threeFlows(store);
  const page = (flowIds: string[]) => (
    <>
      <UserBookingModal open onClose={jest.fn()} resources={[]} flowId={opened ?? ''} />
      <BookingsList key={flowIds.join()} flowIds={flowIds} />
    </>
  );
  const { rerender } = await renderPage(page(listed.slice(0, 1)), store, 2);
  // Another flow appears on the page behind the open dialog (e.g. started in another tab).
  rerender(page(listed));
  await waitFor(() => {
    expect(screen.getAllByRole('radio', { name: 'Visa ending in 4242' })).toHaveLength(3);
  });

  dropConnection(store);

  expect(connectionRegions()).toHaveLength(1);
  expect(within(screen.getByRole('dialog')).getByRole('status', { name: 'Connection' })).toBe(
    connectionRegions()[0],
  );
});
