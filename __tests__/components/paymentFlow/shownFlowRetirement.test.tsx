/** @jest-environment jsdom */
import { act, render, screen } from '@testing-library/react';
import { Provider } from 'react-redux';
import { PaymentFlow } from '../../../src/components/paymentFlow/PaymentFlow';
import { PaymentMethodsProvider } from '../../../src/components/paymentMethods/PaymentMethodsProvider';
import { flowStarted } from '../../../src/payments/paymentFlowsSlice';
import { selectFlowById } from '../../../src/payments/selectors';
import { makeTestStore, uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import { noPaymentBookingReply } from '../../payments/sagas/fixtures';
import { fakeMethodsApi } from '../test-utils';

const RETENTION_MS = 20;

const sleep = (ms: number) =>
  act(
    () =>
      new Promise<void>((resolve) => {
        setTimeout(resolve, ms);
      }),
  );

/**
 * POST /api/bookings answered with a booking that needs no payment: the flow succeeds at once.
 * Response-like, as jsdom has no `Response`.
 */
const bookingNeedsNoPayment = () =>
  Promise.resolve({
    ok: true,
    status: noPaymentBookingReply.status,
    headers: { get: () => null },
    text: () => Promise.resolve(JSON.stringify(noPaymentBookingReply.body)),
  } as unknown as Response);

/** A host that shows the flow in one place or another: a dialog, then the page once it closes. */
function Host({ flowId, where }: { flowId: string; where: 'dialog' | 'page' }) {
  return where === 'dialog' ? (
    <div role="dialog" aria-modal="true" aria-label="Booking">
      <PaymentFlow flowId={flowId} />
    </div>
  ) : (
    <main>
      <PaymentFlow flowId={flowId} />
    </main>
  );
}

const running: { cancel: () => void }[] = [];
afterEach(() => {
  for (const task of running.splice(0)) task.cancel();
});

test('a finished flow the host moves from a dialog to the page, in one render, is not retired', async () => {
  const { store, sagaTask } = makeTestStore({
    retentionMs: RETENTION_MS,
    api: { baseUrl: 'http://api.test', fetch: bookingNeedsNoPayment },
  });
  running.push(sagaTask);
  const { api } = fakeMethodsApi();
  const { flowId } = store.dispatch(flowStarted(uniqueDraft({ bookingType: 'TENTATIVE' }))).payload;
  const view = (where: 'dialog' | 'page') => (
    <Provider store={store}>
      <PaymentMethodsProvider api={api}>
        <Host flowId={flowId} where={where} />
      </PaymentMethodsProvider>
    </Provider>
  );
  const { rerender } = render(view('dialog'));
  await act(() => waitForStatus(store, flowId, 'succeeded'));
  // Shown well past the retention time: the flow stays, as it is shown.
  await sleep(RETENTION_MS * 3);
  expect(screen.getByRole('heading', { name: 'Booking confirmed' })).toBeVisible();

  // The dialog closes and the page shows the same flow, in the same commit.
  rerender(view('page'));
  await sleep(RETENTION_MS * 5);

  expect(selectFlowById(store.getState(), flowId)?.status).toBe('succeeded');
  expect(screen.queryByText('This payment could not be found.')).not.toBeInTheDocument();
});
