import type { Action } from '@reduxjs/toolkit';
import { PURGE, REHYDRATE } from 'redux-persist';
import { select, take } from 'typed-redux-saga';
import { flowIdInPayload, touchedFlowIds } from '../flowChanges.js';
import { flowByIdIn, type PaymentFlowsState } from '../flowState.js';
import { selectPaymentFlowsState } from '../selectors.js';
import { selectConnection, type ConnectionState } from '../socket/connectionSlice.js';
import type { Logger } from '../logger.js';
import { mayChangeSubscriptions } from '../socket/subscriptionSync.js';
import type { WithPaymentsState } from '../socket/subscriptions.js';
import type { PaymentFlow } from '../types.js';
import { seenOf, type FlowRegistry, type FlowSeen } from './flowRegistry.js';
import { isTerminal } from '../statusMachine.js';

/** One action as every handler sees it: the state before and after, and the flows it touched. */
export interface ActionPass {
  action: Action;
  previous: PassState;
  state: PassState;
  /** Ids the action names that still have a flow, with the flow after the action. */
  touched: { flowId: string; flow: PaymentFlow | undefined }[];
}

export type PassHandler = (pass: ActionPass) => void;

/** The two slices, as initial states while a host has not injected them yet. */
interface PassState {
  paymentFlows: PaymentFlowsState;
  connection: ConnectionState;
}

export const selectPassState = (state: WithPaymentsState): PassState => ({
  paymentFlows: selectPaymentFlowsState(state),
  connection: selectConnection(state),
});

/**
 * What a flow's task can wait on: its status, its hold deadline, its ending, its leaving the
 * store, or an action addressed to it (a cancel, a watcher leaving). Anything else, such as a
 * status event that only raises the seq, wakes nothing: at 10,000 flows that is most of the
 * actions.
 */
function wakesTask(seen: FlowSeen, flow: PaymentFlow | undefined, addressed: boolean) {
  return (
    addressed ||
    flow === undefined ||
    flow.status !== seen.status ||
    flow.holdExpiresAt !== seen.holdExpiresAt ||
    isTerminal(flow) !== seen.final
  );
}

/**
 * Wakes each touched flow's task through its inbox when it must (a parked or followed flow,
 * which has no task, is handed to the supervisor in `wakeUps`), and logs its transitions.
 */
export const notifyFlowTasks =
  (registry: FlowRegistry, logger: Logger): PassHandler =>
  ({ action, touched }) => {
    const addressee = flowIdInPayload(action);
    for (const { flowId, flow } of touched) {
      const record = registry.records.get(flowId);
      const seen = record?.seen ?? registry.parked.get(flowId) ?? registry.followed.get(flowId);
      // A flow parked until its payment's re-check waits on nothing an action addressed to it
      // can move without changing it (a watcher, a refused command): woken, it would be parked
      // again with a fresh quiet period, and such actions coming more often than that period
      // (a list's rows mounting as the user scrolls, a user pressing cancel on a payment that
      // looks stuck) would put its re-check off for ever.
      const addressed = flowId === addressee && !(!record && registry.recheckAt.has(flowId));
      if (!seen || !wakesTask(seen, flow, addressed)) continue;
      if (flow && flow.status !== seen.status) {
        // The story of each flow: one line per status change, never one per action. An error's
        // own text is for developers: the components show a message written for people.
        const cause = flow.history.at(-1)?.cause ?? 'unknown';
        logger.info(`flow ${flowId}: ${seen.status} -> ${flow.status} (${cause})`, {
          flowId,
          cause,
          ...(flow.error ? { error: `${flow.error.code}: ${flow.error.message}` } : {}),
        });
      }
      if (!record) {
        registry.unpark(flowId);
        registry.wakeUps.push(flowId);
        continue;
      }
      if (flow) record.seen = seenOf(flow);
      record.inbox.put({ action, flow });
    }
  };

/**
 * A purge (a logout) empties the slice and names no flow: each running task is told its flow is
 * gone, or one waiting for its payment would ask the server about it for ever (with the next
 * user's token), and the parked flows are let go.
 */
export const endPurgedFlows =
  (registry: FlowRegistry): PassHandler =>
  ({ action }) => {
    if (action.type !== PURGE) return;
    for (const record of registry.records.values()) record.inbox.put({ action, flow: undefined });
    for (const flowId of [...registry.parked.keys()]) registry.unpark(flowId);
    registry.askNow.clear();
  };

/**
 * Tells the subscription sync which bookings to look at again: those of the flows the action
 * touched (a retired flow's from the state before), so the sync's work is O(size of the action).
 */
export const signalSubscriptionChanges =
  (registry: FlowRegistry): PassHandler =>
  ({ action, touched, previous, state }) => {
    if (!registry.syncingSubscriptions) return;
    if (action.type === REHYDRATE) {
      registry.subscriptionChecks.put('all');
      return;
    }
    const announced = state.connection.status !== previous.connection.status;
    // The sync holds back what came while disconnected until the connection is announced.
    if (announced && state.connection.status === 'connected') registry.subscriptionChecks.put([]);
    const flows = touched.flatMap(({ flow }) => (flow ? [flow] : []));
    if (!mayChangeSubscriptions(action, flows)) return;
    const bookingIds = touched.flatMap(({ flowId, flow }) => {
      const bookingId = (flow ?? flowByIdIn(previous.paymentFlows, flowId))?.bookingId;
      return bookingId === undefined ? [] : [bookingId];
    });
    if (bookingIds.length > 0) registry.subscriptionChecks.put(bookingIds);
  };

/** Tells the flows that poll while the socket is down when its status changes. */
export const signalConnectionChanges =
  (registry: FlowRegistry): PassHandler =>
  ({ previous, state }) => {
    if (state.connection.status !== previous.connection.status) {
      registry.connection.put(state.connection.status);
    }
  };

/** Logs each refusal the reducers recorded, once. */
export const logRefusals =
  (logger: Logger): PassHandler =>
  ({ previous, state }) => {
    const { warnings } = state.paymentFlows.diagnostics;
    const latest = warnings.at(-1);
    if (latest && warnings !== previous.paymentFlows.diagnostics.warnings) {
      logger.warn(`refused: ${latest.message}`, { flowId: latest.flowId });
    }
  };

/**
 * The one place that looks at every action on behalf of the flows (RTK Query's middleware
 * model): it computes the flows an action touched once, and runs every handler with that.
 * Its cost is O(size of the action), never O(number of flows). `after` runs each pass's effects.
 */
export function* runActionPass(
  handlers: readonly PassHandler[],
  after?: (pass: ActionPass) => Generator,
) {
  let previous = yield* select(selectPassState);
  for (;;) {
    const action: Action = yield* take('*');
    const state = yield* select(selectPassState);
    const touched = [
      ...new Set(touchedFlowIds(action, state.paymentFlows, previous.paymentFlows)),
    ].map((flowId) => ({
      flowId,
      flow: flowByIdIn(state.paymentFlows, flowId),
    }));
    const pass = { action, previous, state, touched };
    for (const handler of handlers) handler(pass);
    if (after) yield* after(pass);
    previous = state;
  }
}
