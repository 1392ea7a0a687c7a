import type { Action } from '@reduxjs/toolkit';
import { redactSecrets } from './redact.js';

/** What DevTools may see of an action: the same redactor as the logs and the state. */
export function sanitizeAction<A extends Action>(action: A): A {
  return redactSecrets(action) as A;
}

/** What DevTools may see of the state. */
export function sanitizeState<S>(state: S): S {
  return redactSecrets(state) as S;
}
