import { createSelector } from '@reduxjs/toolkit';
import { isTerminal } from '../statusMachine.js';
import { ownEntry } from '../flowState.js';
import { selectAllFlows, selectFlowByBookingId, type WithPaymentFlows } from '../selectors.js';
import type { PaymentFlow } from '../types.js';
import { selectConnection, type WithConnection } from './connectionSlice.js';

const selectWatchers = (state: WithConnection) => selectConnection(state).watchers;

/** The one rule: the server should send us events for every active flow, and any one shown. */
function wantsEvents(flow: PaymentFlow, watchers: Readonly<Record<string, number>>): boolean {
  return !isTerminal(flow) || ownEntry(watchers, flow.flowId) !== undefined;
}

/** Every booking the server should be sending us events for. Sorted: the same set, the same array. */
export const selectSubscribedBookingIds: ((state: WithPaymentsState) => string[]) & {
  recomputations(): number;
} = createSelector([selectAllFlows, selectWatchers], (flows, watchers) =>
  flows
    .filter((flow) => wantsEvents(flow, watchers))
    .flatMap((flow) => (flow.bookingId === undefined ? [] : [flow.bookingId]))
    .sort(),
);

/** Whether the server should be sending us events for this booking: O(1), for one action's ids. */
export function selectWantsBooking(state: WithPaymentsState, bookingId: string): boolean {
  const flow = selectFlowByBookingId(state, bookingId);
  return flow !== undefined && wantsEvents(flow, selectWatchers(state));
}

/** What to tell the server about `bookingIds` alone, given what it sends now. */
export function selectChangesFor(
  state: WithPaymentsState,
  current: ReadonlySet<string>,
  bookingIds: Iterable<string>,
): SubscriptionChanges {
  const changes: SubscriptionChanges = { subscribe: [], unsubscribe: [] };
  for (const bookingId of new Set(bookingIds)) {
    const wanted = selectWantsBooking(state, bookingId);
    if (wanted && !current.has(bookingId)) changes.subscribe.push(bookingId);
    if (!wanted && current.has(bookingId)) changes.unsubscribe.push(bookingId);
  }
  return changes;
}

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
