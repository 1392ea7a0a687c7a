import { createSelector } from '@reduxjs/toolkit';
import { isTerminal } from '../statusMachine.js';
import { selectAllFlows, type WithPaymentFlows } from '../selectors.js';
import { selectConnection, type WithConnection } from './connectionSlice.js';

const selectWatchers = (state: WithConnection) => selectConnection(state).watchers;

/**
 * Bookings the server should be sending us: every active flow's, plus any flow a component still
 * shows. Sorted, so the same set is the same array.
 */
export const selectSubscribedBookingIds = createSelector(
  [selectAllFlows, selectWatchers],
  (flows, watchers) =>
    flows
      .filter((flow) => !isTerminal(flow) || watchers[flow.flowId] !== undefined)
      .flatMap((flow) => (flow.bookingId === undefined ? [] : [flow.bookingId]))
      .sort(),
);

export type WithPaymentsState = WithPaymentFlows & WithConnection;

export interface SubscriptionChanges {
  subscribe: string[];
  unsubscribe: string[];
}

/** What to tell the server so that it sends exactly `desired`, given what it sends now. */
export function diffSubscriptions(
  current: ReadonlySet<string>,
  desired: readonly string[],
): SubscriptionChanges {
  const wanted = new Set(desired);
  return {
    subscribe: desired.filter((bookingId) => !current.has(bookingId)),
    unsubscribe: [...current].filter((bookingId) => !wanted.has(bookingId)),
  };
}
