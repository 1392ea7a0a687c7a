import { createContext, useContext } from 'react';
import type { BookingDraft, FlowError, Money } from '../../payments/types.js';
import { classesFor, type PaymentFlowsClassNames, type PfPart } from './classNames.js';
import { defaultMessages, type PaymentFlowsMessages } from './messages.js';

/** How the host's draft is priced before the server says; undefined shows no estimate. */
export type EstimatePrice = (draft: Pick<BookingDraft, 'durationMinutes'>) => Money | undefined;

export interface PaymentFlowsUiSettings {
  messages: PaymentFlowsMessages;
  /** A BCP 47 tag for money and dates; undefined is the browser's own. */
  locale: string | undefined;
  classNames: PaymentFlowsClassNames | undefined;
  unstyled: boolean;
  estimatePrice: EstimatePrice | undefined;
}

export const PaymentFlowsUiContext = createContext<PaymentFlowsUiSettings | null>(null);

export interface PaymentFlowsUi extends PaymentFlowsUiSettings {
  /** The class attribute for a part (and its modifiers), e.g. `cx('button', 'buttonPrimary')`. */
  cx: (...parts: PfPart[]) => string | undefined;
  formatMoney: (money: Money) => string;
  formatDateTime: (epochMs: number) => string;
  /** Text for people: a known code's message, or a generic one; never the server's own text. */
  errorText: (error: FlowError | undefined) => string;
}

const DEFAULTS: PaymentFlowsUiSettings = {
  messages: defaultMessages,
  locale: undefined,
  classNames: undefined,
  unstyled: false,
  estimatePrice: undefined,
};

/** The settings of the nearest `<PaymentFlowsProvider>`, or English defaults without one. */
export function usePaymentFlowsUi(): PaymentFlowsUi {
  const settings = useContext(PaymentFlowsUiContext) ?? DEFAULTS;
  return uiFor(settings);
}

function uiFor(settings: PaymentFlowsUiSettings): PaymentFlowsUi {
  const { messages, locale, classNames, unstyled } = settings;
  return {
    ...settings,
    cx: (...parts) => classesFor(parts, classNames, unstyled),
    formatMoney: (money) => formatMoney(money, locale),
    formatDateTime: (epochMs) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(epochMs),
    errorText: (error) =>
      (error && Object.hasOwn(messages.errors, error.code)
        ? messages.errors[error.code]
        : undefined) ?? messages.errorGeneric,
  };
}

/** Minor units to the currency's own decimals (2 for EUR, 0 for JPY, 3 for BHD). */
function formatMoney(money: Money, locale: string | undefined): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency });
  const decimals = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.value / 10 ** decimals);
}
