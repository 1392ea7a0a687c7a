import type { Action } from '@reduxjs/toolkit';
import { redactSecrets, redactUrl } from './redact.js';
import type { WithPaymentFlows } from './selectors.js';

/** What DevTools may see: secret-looking keys and card-like numbers are replaced. */
export function sanitizeAction<A extends Action>(action: A): A {
  return redactSecrets(action) as A;
}

/** Also strips redirect URLs' queries, where a processor may put a client secret. */
export function sanitizeState<S>(state: S): S {
  const redacted = redactSecrets(state) as S & Partial<WithPaymentFlows>;
  const flows = redacted.paymentFlows?.entities;
  if (flows) {
    for (const flow of Object.values(flows)) {
      if (flow.nextAction)
        flow.nextAction = { ...flow.nextAction, url: redactUrl(flow.nextAction.url) };
    }
  }
  return redacted;
}
