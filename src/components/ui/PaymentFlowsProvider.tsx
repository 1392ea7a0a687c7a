import { useMemo, type ReactNode } from 'react';
import type { PaymentFlowsClassNames } from './classNames.js';
import { mergeMessages, type PaymentFlowsMessagesOverride } from './messages.js';
import { PaymentFlowsUiContext, type EstimatePrice } from './uiContext.js';

export interface PaymentFlowsProviderProps {
  /** Any part of the English table, replaced; the rest stays English. */
  messages?: PaymentFlowsMessagesOverride;
  /** Money and dates are formatted for it (`Intl`); default: the browser's locale. */
  locale?: string;
  /** Extra classes per part (`{ buttonPrimary: 'btn btn-primary' }`). */
  classNames?: PaymentFlowsClassNames;
  /** Leaves out every `pf-` class, so the shipped stylesheet styles nothing. */
  unstyled?: boolean;
  /**
   * The price shown before the server's amount is known (the host's pricing; the demo passes
   * the demo backend's `estimatePrice` from `payment-flows`). Without it, or when it returns
   * undefined, no estimate is shown. The server's amount always wins once known.
   */
  estimatePrice?: EstimatePrice;
  children?: ReactNode;
}

/** Text, locale, classes and pricing for every component below it. Optional. */
export function PaymentFlowsProvider({
  messages,
  locale,
  classNames,
  unstyled = false,
  estimatePrice,
  children,
}: PaymentFlowsProviderProps) {
  const value = useMemo(
    () => ({ messages: mergeMessages(messages), locale, classNames, unstyled, estimatePrice }),
    [messages, locale, classNames, unstyled, estimatePrice],
  );
  return <PaymentFlowsUiContext.Provider value={value}>{children}</PaymentFlowsUiContext.Provider>;
}
