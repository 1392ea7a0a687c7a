/** @jest-environment jsdom */
import { act, cleanup, screen } from '@testing-library/react';
import { UserBookingModal } from '../../../src/components/bookingModal/UserBookingModal';
import { PF_CLASS_NAMES } from '../../../src/components/ui/classNames';
import type { PaymentFlowsMessagesOverride } from '../../../src/components/ui/messages';
import { flowAwaitingPayment, flowInServerStatus, T0 } from '../flowFixtures';
import { renderFlow } from '../renderPaymentFlow';
import { fakeMethodsApi, renderWithProviders, setupStore, visa } from '../test-utils';

const german: PaymentFlowsMessagesOverride = {
  payHeading: 'Bezahlen Sie Ihre Buchung',
  pay: (amount) => `${amount} bezahlen`,
  statusText: { awaitingPayment: 'Ihr Platz ist reserviert.' },
};

describe('messages and locale', () => {
  test('a partial override and de-DE render: the rest stays English, money reads 50,00 €', async () => {
    const store = setupStore();
    const { flowId } = flowAwaitingPayment(store);
    await renderFlow(store, flowId, undefined, { settings: { messages: german, locale: 'de-DE' } });

    expect(screen.getByRole('heading', { name: 'Bezahlen Sie Ihre Buchung' })).toBeVisible();
    // Intl puts a no-break space between the amount and the sign.
    expect(screen.getByRole('button', { name: '50,00\u00a0€ bezahlen' })).toBeEnabled();
    expect(screen.getByRole('status', { name: 'Payment status' })).toHaveTextContent(
      'Ihr Platz ist reserviert.',
    );
    expect(screen.getByRole('group', { name: 'Saved payment method' })).toBeVisible();
  });

  test('the success view formats the amount and the time in the locale', async () => {
    const store = setupStore();
    const { flowId } = flowInServerStatus(store, 'succeeded');
    await renderFlow(store, flowId, undefined, { settings: { locale: 'de-DE' } });
    const when = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short' });
    // The matcher's normalizer turns the no-break space into a plain one.
    expect(screen.getByText('50,00 € paid. Your booking is confirmed.')).toBeVisible();
    expect(screen.getByText(`${when.format(T0 + 86_400_000)}, 60 minutes`)).toBeVisible();
  });

  test('minor units follow the currency: 5000 is ¥5,000 in yen and BHD 5.000 in fils', async () => {
    for (const [amount, shown] of [
      [{ value: 5000, currency: 'JPY' }, 'Pay ¥5,000'],
      [{ value: 5000, currency: 'BHD' }, 'Pay BHD\u00a05.000'],
    ] as const) {
      cleanup();
      const store = setupStore();
      const { flowId } = flowAwaitingPayment(store, undefined, amount);
      await renderFlow(store, flowId, undefined, { settings: { locale: 'en-US' } });
      expect(screen.getByRole('button', { name: shown })).toBeVisible();
    }
  });

  test('the hold countdown uses the locale’s digits', async () => {
    const store = setupStore();
    const { flowId } = flowAwaitingPayment(store);
    jest.useFakeTimers({ now: T0 });
    try {
      await renderFlow(store, flowId, undefined, { settings: { locale: 'ar-EG' } });
      expect(screen.getByRole('timer')).toHaveTextContent('١٠:٠٠');
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('error text for people', () => {
  const failedWith = async (code: string, message: string) => {
    cleanup();
    const store = setupStore();
    const { flowId } = flowInServerStatus(store, 'failed', {
      failure: { code, message, retriable: true },
    });
    await renderFlow(store, flowId);
    return screen.getByRole('alert');
  };

  test('a known code shows its message, with the code kept on data-error-code', async () => {
    const alert = await failedWith('rate_limited', 'Too Many Requests: bucket payments/ip');
    expect(alert).toHaveTextContent('Too many attempts in a short time.');
    expect(alert).not.toHaveTextContent('bucket');
    expect(alert).toHaveAttribute('data-error-code', 'rate_limited');
  });

  test('an unknown code shows the generic message, never the server text', async () => {
    const alert = await failedWith(
      'invalid_request',
      'durationMinutes: Too small: expected number to be >=15',
    );
    expect(alert).not.toHaveTextContent('durationMinutes');
    const other = await failedWith('teapot', 'I am a teapot: stack at line 12');
    expect(other).toHaveTextContent('Something went wrong.');
    expect(other).not.toHaveTextContent('teapot');
    expect(other).toHaveAttribute('data-error-code', 'teapot');
  });

  test('a host can word a code its own way', async () => {
    const store = setupStore();
    const { flowId } = flowInServerStatus(store, 'failed', {
      failure: { code: 'card_declined', message: 'raw', retriable: true },
    });
    await renderFlow(store, flowId, undefined, {
      settings: { messages: { errors: { card_declined: 'Karte abgelehnt.' } } },
    });
    expect(screen.getByRole('alert')).toHaveTextContent('Karte abgelehnt.');
  });
});

describe('class names', () => {
  test('documented pf- classes by default; classNames adds the host classes per part', async () => {
    const store = setupStore();
    const { flowId } = flowAwaitingPayment(store);
    await renderFlow(store, flowId, undefined, {
      settings: { classNames: { buttonPrimary: 'btn btn-primary', step: 'card' } },
    });
    const pay = screen.getByRole('button', { name: 'Pay €50.00' });
    expect(pay).toHaveClass('pf-button pf-button--primary btn btn-primary', { exact: true });
    expect(screen.getByRole('button', { name: 'Cancel booking…' })).toHaveClass(
      'pf-button pf-button--danger',
      { exact: true },
    );
    expect(screen.getByRole('heading', { name: 'Pay for your booking' }).parentElement).toHaveClass(
      'pf-step card',
      { exact: true },
    );
    expect(screen.getByRole('region', { name: 'Payment' })).toHaveClass(PF_CLASS_NAMES.flow);
  });

  test('unstyled drops every pf- class and keeps the host ones', async () => {
    const store = setupStore();
    const { flowId } = flowAwaitingPayment(store);
    const { container } = await renderFlow(store, flowId, undefined, {
      settings: { unstyled: true, classNames: { buttonPrimary: 'btn-primary' } },
    });
    expect(container.querySelector('[class*="pf-"]')).toBeNull();
    expect(screen.getByRole('button', { name: 'Pay €50.00' })).toHaveClass('btn-primary', {
      exact: true,
    });
  });

  test('primary and secondary buttons of the modal carry different classes', async () => {
    const { user } = renderWithProviders(
      <UserBookingModal open onClose={jest.fn()} resources={[]} now={() => T0} />,
    );
    await act(() => Promise.resolve()); // the saved methods arrive
    await user.click(screen.getByRole('radio', { name: 'Firm (pay now)' }));
    expect(screen.getByRole('button', { name: 'Confirm booking' })).toHaveClass(
      'pf-button--primary',
    );
    expect(screen.getByRole('button', { name: 'Close' })).toHaveClass('pf-button--secondary');
  });
});

describe('pricing from the host', () => {
  test('the estimate is the host’s, and the server’s amount wins once known', async () => {
    const estimatePrice = jest.fn(() => ({ value: 999, currency: 'USD' }));
    renderWithProviders(
      <UserBookingModal open onClose={jest.fn()} resources={[]} now={() => T0} />,
      { settings: { estimatePrice, locale: 'en-US' } },
    );
    await act(() => Promise.resolve()); // the saved methods arrive
    expect(screen.getByText('Estimated price: $9.99, paid now.')).toBeVisible();
    expect(estimatePrice).toHaveBeenCalledWith({ durationMinutes: 60 });

    const store = setupStore();
    const { flowId } = flowAwaitingPayment(store);
    await renderFlow(store, flowId, undefined, { settings: { estimatePrice } });
    expect(screen.getByRole('button', { name: 'Pay €50.00' })).toBeVisible();
  });

  test('without a host estimate, or with one of undefined, none is shown', async () => {
    renderWithProviders(
      <UserBookingModal open onClose={jest.fn()} resources={[]} now={() => T0} />,
    );
    await act(() => Promise.resolve()); // the saved methods arrive
    expect(screen.queryByText(/Estimated price/)).not.toBeInTheDocument();
    cleanup();
    renderWithProviders(
      <UserBookingModal open onClose={jest.fn()} resources={[]} now={() => T0} />,
      { settings: { estimatePrice: () => undefined } },
    );
    await act(() => Promise.resolve()); // the saved methods arrive
    expect(screen.queryByText(/Estimated price/)).not.toBeInTheDocument();
  });
});

test('a test method is described by its id and what it does, as the test-card table says', async () => {
  const declines = {
    id: 'pm_card_declined',
    brand: 'visa',
    last4: '0002',
    label: 'Visa ending in 0002',
    behaviour: 'Is declined',
  };
  const store = setupStore();
  const { flowId } = flowAwaitingPayment(store);
  await renderFlow(store, flowId, undefined, { methodsApi: fakeMethodsApi([visa, declines]).api });
  expect(screen.getByRole('radio', { name: 'Visa ending in 0002' })).toHaveAccessibleDescription(
    'pm_card_declined: Is declined',
  );
  expect(
    screen.getByRole('radio', { name: 'Visa ending in 4242' }),
  ).not.toHaveAccessibleDescription();
});
