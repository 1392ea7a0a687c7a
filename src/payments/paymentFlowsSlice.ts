import { createAction, createSlice, isDraft, original, type Reducer } from '@reduxjs/toolkit';
import { PURGE } from 'redux-persist';
import { v4 as uuidv4 } from 'uuid';
import {
  awaitsBooking,
  awaitsRedirect,
  canCancel,
  canRequestBooking,
  canSubmit,
  isTerminal,
  MAX_PAYMENT_ATTEMPTS,
  onCrash,
  onSecondFlowFound,
  onStatusFeedLost,
  onTooOld,
  retryTarget,
  statusOnHoldExpiry,
} from './statusMachine.js';
import { isSafeId } from './apiSchemas.js';
import {
  bookingCreatedSchema,
  confirmPreparedSchema,
  flowCrashedSchema,
  flowsMirroredSchema,
  flowErrorEventSchema,
  flowEventSchema,
  secondFlowFoundSchema,
  flowStartedSchema,
  guarded,
  type FlowEvent,
  outcomeUnknownSchema,
  paymentSubmittedSchema,
  statusesReceivedSchema,
  subscriptionsRefusedSchema,
  flowsRetiredSchema,
} from './actionPayloads.js';
import {
  addFlow,
  allFlowsIn,
  draftFlowBeside,
  draftKey,
  flowByIdIn,
  indexEntry,
  outlivedDraftFlow,
  peekFlow,
  removeFlows,
  replaceFlow,
  sameFlow,
  setIndexEntry,
  stateWithFlows,
  type PaymentFlowsState,
} from './flowState.js';
import {
  linkServerIds,
  namesOtherIds,
  recordWarning,
  refuseTransition,
  transitionFlow,
  unlinkFlow,
  updateFlowDetails,
} from './flowTransitions.js';
import type { BookingDraft, PaymentFlow } from './types.js';
import { adoptMirroredFlow } from './flowMirror.js';
import { emptyLevel } from './hashTrie.js';
import { applyStatusUpdates } from './statusBurst.js';

export const initialFlowsState: PaymentFlowsState = {
  flows: emptyLevel(),
  flowIdByBookingId: emptyLevel(),
  flowIdByPaymentId: emptyLevel(),
  flowIdByDraftKey: emptyLevel(),
  diagnostics: {
    staleUpdatesIgnored: 0,
    unknownUpdatesIgnored: 0,
    duplicateStartsIgnored: 0,
    illegalTransitions: 0,
    warnings: [],
  },
};

const TOO_OLD_ERROR = {
  code: 'flow_too_old',
  message: 'This payment was started too long ago to resume. Please book again.',
  retriable: false,
};

const PAYMENT_NOT_FOUND_ERROR = {
  code: 'payment_not_found',
  message:
    'The payment server no longer knows this payment. Check your bookings before paying again, or contact support.',
  retriable: false,
};

export const paymentFlowsSlice = createSlice({
  name: 'paymentFlows',
  initialState: initialFlowsState,
  reducers: {
    flowStarted: {
      // The draft's own fields only: a host's form object may carry more (card fields the page
      // also asked for), which must not travel in the action (DevTools, action logs, tabs).
      prepare: (booking: BookingDraft, at: number = Date.now()) => ({
        payload: {
          flowId: uuidv4(),
          booking: {
            resourceId: booking.resourceId,
            start: booking.start,
            durationMinutes: booking.durationMinutes,
            bookingType: booking.bookingType,
          },
          at,
        },
      }),
      reducer: guarded(flowStartedSchema, (state, { payload }) => {
        const key = draftKey(payload.booking);
        const activeId = indexEntry(state.flowIdByDraftKey, key);
        const active = activeId === undefined ? undefined : peekFlow(state, activeId);
        if (active && !isTerminal(active)) {
          state.diagnostics.duplicateStartsIgnored += 1;
          return;
        }
        if (!isSafeId(payload.flowId) || peekFlow(state, payload.flowId)) {
          recordWarning(
            state,
            payload.flowId,
            'flowStarted with a malformed or existing flowId ignored',
            payload.at,
          );
          return;
        }
        setIndexEntry(state.flowIdByDraftKey, key, payload.flowId);
        addFlow(state, {
          flowId: payload.flowId,
          status: 'draft',
          booking: payload.booking,
          attempt: 0,
          serverSeq: 0,
          createdAt: payload.at,
          updatedAt: payload.at,
          history: [],
        });
      }),
    },
    bookingRequested: guarded(flowEventSchema, (state, { payload }) => {
      withFlow(state, payload, (flow) => {
        if (!canRequestBooking(flow)) {
          const reason = `${flow.status} -> creatingBooking is not a new flow's first step`;
          refuseTransition(state, flow, 'bookingRequested', reason, payload.at);
          return;
        }
        transitionFlow(state, flow, 'creatingBooking', 'bookingRequested', payload.at, {
          error: undefined,
        });
      });
    }),
    bookingCreated: guarded(bookingCreatedSchema, (state, { payload }) => {
      withFlow(state, payload, (flow) => {
        const { payment } = payload;
        if (!awaitsBooking(flow)) {
          const reason = `${flow.status} is not waiting for a booking`;
          refuseTransition(state, flow, 'bookingCreated', reason, payload.at);
          return;
        }
        const ids = { bookingId: payload.bookingId, paymentId: payment?.paymentId };
        if (namesOtherIds(flow, ids)) {
          recordWarning(
            state,
            flow.flowId,
            'bookingCreated for another booking refused',
            payload.at,
          );
          return;
        }
        const moved = transitionFlow(
          state,
          flow,
          payment ? 'awaitingPayment' : 'succeeded',
          'bookingCreated',
          payload.at,
          {
            amount: payload.amount,
            holdExpiresAt: payload.holdExpiresAt,
            // In the changes, so the timeline's entry has the payment's first seq.
            ...(payment ? { serverSeq: Math.max(flow.serverSeq, payment.seq) } : {}),
          },
        );
        if (!moved) return;
        linkServerIds(state, flow, ids);
      });
    }),
    bookingFailed: guarded(flowErrorEventSchema, (state, { payload }) => {
      withFlow(state, payload, (flow) => {
        if (!awaitsBooking(flow)) {
          const reason = `${flow.status} is not waiting for a booking`;
          refuseTransition(state, flow, 'bookingFailed', reason, payload.at);
          return;
        }
        transitionFlow(state, flow, 'failed', 'bookingFailed', payload.at, {
          error: payload.error,
        });
      });
    }),
    paymentSubmitted: guarded(paymentSubmittedSchema, (state, { payload }) => {
      withFlow(state, payload, (flow) => {
        if (!canSubmit(flow)) {
          const why =
            flow.status === 'awaitingPayment'
              ? `attempt ${flow.attempt + 1} is over the cap of ${MAX_PAYMENT_ATTEMPTS}`
              : `in ${flow.status}`;
          recordWarning(state, flow.flowId, `paymentSubmitted ignored ${why}`, payload.at);
          return;
        }
        transitionFlow(state, flow, 'confirmingPayment', 'paymentSubmitted', payload.at, {
          attempt: flow.attempt + 1,
          paymentMethodId: payload.paymentMethodId,
          returnPath: undefined,
          error: undefined,
          nextAction: undefined,
        });
      });
    }),
    /** The confirm of the current attempt is fixed before it is first sent, and never changes. */
    confirmPrepared: guarded(confirmPreparedSchema, (state, { payload }) => {
      withFlow(state, payload, (flow) => {
        if (flow.status !== 'confirmingPayment' || flow.returnPath !== undefined) return;
        updateFlowDetails(state, flow, { returnPath: payload.returnPath }, payload.at);
      });
    }),
    paymentStatusesReceived: guarded(statusesReceivedSchema, (state, { payload }) => {
      applyStatusUpdates(state, payload.updates, payload.at);
    }),
    /** The server refused to send events for these bookings (it does not know them, or us). */
    subscriptionsRefused: guarded(subscriptionsRefusedSchema, (state, { payload }) => {
      for (const bookingId of payload.bookingIds) {
        const flowId = indexEntry(state.flowIdByBookingId, bookingId);
        const flow = flowId === undefined ? undefined : flowByIdIn(state, flowId);
        const to = flow && onStatusFeedLost(flow);
        if (flow && to) transitionFlow(state, flow, to, 'subscriptionsRefused', payload.at);
      }
    }),
    paymentFailed: guarded(flowErrorEventSchema, (state, { payload }) => {
      withFlow(state, payload, (flow) => {
        if (!awaitsRedirect(flow)) {
          const reason = `${flow.status}: only the server fails this payment`;
          refuseTransition(state, flow, 'paymentFailed', reason, payload.at);
          return;
        }
        transitionFlow(state, flow, 'failed', 'paymentFailed', payload.at, {
          error: payload.error,
          nextAction: undefined,
        });
      });
    }),
    paymentOutcomeUnknown: guarded(outcomeUnknownSchema, (state, { payload }) => {
      withFlow(state, payload, (flow) => {
        transitionFlow(state, flow, 'reconciling', `outcomeUnknown: ${payload.reason}`, payload.at);
      });
    }),
    retryRequested: guarded(flowEventSchema, (state, { payload }) => {
      withFlow(state, payload, (flow) => {
        const to = retryTarget(flow);
        if (!to) {
          recordWarning(state, flow.flowId, `retry refused in ${flow.status}`, payload.at);
          return;
        }
        transitionFlow(state, flow, to, 'retryRequested', payload.at, { error: undefined });
      });
    }),
    /**
     * A command, and the flow's first step of a cancel: it is `cancelling` until the server
     * answers (`flowCancelled`, `bookingFoundExpired`, or the payment's own status). Paying is
     * refused meanwhile.
     */
    cancelRequested: guarded(flowEventSchema, (state, { payload }) => {
      withFlow(state, payload, (flow) => {
        if (!canCancel(flow)) {
          recordWarning(state, flow.flowId, `cancel refused in ${flow.status}`, payload.at);
          return;
        }
        transitionFlow(state, flow, 'cancelling', 'cancelRequested', payload.at, {
          error: undefined,
        });
      });
    }),
    /**
     * The sagas found this flow active beside its booking draft's flow (a restore kept both): not
     * the user's cancel, though it goes the same way (`onSecondFlowFound`). Only a flow beside
     * another one moves: here, or beside a flow this store does not hold, found by the tab that
     * passed the event on (a tab leaves out another tab's flow for a draft under way in it), or
     * beside the draft's flow that has ended since (the draft index no longer names it).
     */
    secondFlowFound: guarded(secondFlowFoundSchema, (state, { payload }) => {
      withFlow(state, payload, (flow) => {
        const besideElsewhere =
          payload.draftFlowId !== flow.flowId && peekFlow(state, payload.draftFlowId) === undefined;
        const beside =
          draftFlowBeside(state, flow) !== undefined ||
          besideElsewhere ||
          outlivedDraftFlow(state, flow, payload.draftFlowId);
        if (!beside) return;
        const to = onSecondFlowFound(flow);
        if (to === undefined) return;
        transitionFlow(state, flow, to, 'secondFlowFound', payload.at, { error: undefined });
      });
    }),
    /** The server released the booking. */
    flowCancelled: guarded(flowEventSchema, (state, { payload }) => {
      withFlow(state, payload, (flow) => {
        transitionFlow(state, flow, 'cancelled', 'flowCancelled', payload.at, {
          nextAction: undefined,
        });
      });
    }),
    /** The server answered a cancel with a booking whose hold had already run out. */
    bookingFoundExpired: guarded(flowEventSchema, (state, { payload }) => {
      withFlow(state, payload, (flow) => {
        transitionFlow(state, flow, 'expired', 'bookingFoundExpired', payload.at, {
          nextAction: undefined,
        });
      });
    }),
    holdExpired: guarded(flowEventSchema, (state, { payload }) => {
      withFlow(state, payload, (flow) => {
        const to = statusOnHoldExpiry(flow);
        if (to) transitionFlow(state, flow, to, 'holdExpired', payload.at);
      });
    }),
    /**
     * A flow rehydrated after the server's idempotency window (24 h): re-sending its requests
     * could act twice, so it is never retried. With a payment, the server settles it.
     */
    flowTooOldToResume: guarded(flowEventSchema, (state, { payload }) => {
      withFlow(state, payload, (flow) => {
        const to = onTooOld(flow);
        if (to === undefined) return;
        if (to === 'reconciling') {
          transitionFlow(state, flow, to, 'flowTooOldToResume', payload.at);
          return;
        }
        const error = { ...TOO_OLD_ERROR };
        if (flow.status === 'failed') updateFlowDetails(state, flow, { error }, payload.at);
        else transitionFlow(state, flow, to, 'flowTooOldToResume', payload.at, { error });
      });
    }),
    /**
     * The server answered, again and again, that the flow's payment does not exist (it lost its
     * state, or the payment was removed). The flow ends explained, and nothing is re-sent.
     */
    paymentNotFound: guarded(flowEventSchema, (state, { payload }) => {
      withFlow(state, payload, (flow) => {
        transitionFlow(state, flow, 'failed', 'paymentNotFound', payload.at, {
          error: { ...PAYMENT_NOT_FOUND_ERROR },
          nextAction: undefined,
        });
      });
    }),
    /**
     * Finished flows leave the store once they have been visible long enough; those that fall
     * due together leave in one action, so retiring n flows copies the maps once, not n times.
     */
    flowsRetired: guarded(flowsRetiredSchema, (state, { payload }) => {
      if (payload.flowIds.length >= BULK_RETIREMENT) {
        // Thousands of paths drafted one by one cost more than building what stays, once.
        return withoutFinished(isDraft(state) ? original(state) : state, payload.flowIds);
      }
      const leaving: string[] = [];
      for (const flowId of payload.flowIds) {
        const flow = flowByIdIn(state, flowId);
        if (!flow || !isTerminal(flow)) continue;
        unlinkFlow(state, flow);
        leaving.push(flow.flowId);
      }
      removeFlows(state, leaving);
    }),
    /** The flows another tab drives, as it changed them (see flowMirror.ts). */
    flowsMirrored: guarded(flowsMirroredSchema, (state, { payload }) => {
      for (const copy of payload.flows) adoptMirroredFlow(state, copy);
    }),
    /**
     * The slice as it is, in a new object: sent after redux-persist's purge. Its PURGE empties
     * the slice without handing the new state to the persister, so a write the throttle still
     * held would be made from the state before the purge and store the purged flows again (the
     * next page would resume them). Any change after the purge hands it the emptied state.
     */
    purgeSeen: (state) => ({ ...original(state) }),
    /** An unexpected error inside one flow's saga: that flow stops, every other goes on. */
    flowCrashed: guarded(flowCrashedSchema, (state, { payload }) => {
      withFlow(state, payload, (flow) => {
        const to = onCrash(flow);
        if (to === undefined) return;
        if (to === 'reconciling') {
          transitionFlow(state, flow, to, 'flowCrashed', payload.at);
          return;
        }
        transitionFlow(state, flow, to, 'flowCrashed', payload.at, {
          error: { code: 'internal_error', message: payload.message, retriable: false },
        });
      });
    }),
  },
  // redux-persist's purge (a host's logout): the flows go with the saved state, so the next
  // write cannot put them back and the next user's page does not resume them.
  extraReducers: (builder) => {
    builder.addCase(PURGE, () => initialFlowsState);
  },
});

/** From this many flows retired in one action, the state is rebuilt without them. */
const BULK_RETIREMENT = 256;

/** The state without the named flows that are finished: the others stay, as they are. */
function withoutFinished(state: PaymentFlowsState, flowIds: readonly string[]): PaymentFlowsState {
  const leaving = new Set(
    flowIds.filter((flowId) => {
      const flow = flowByIdIn(state, flowId);
      return flow !== undefined && isTerminal(flow);
    }),
  );
  if (leaving.size === 0) return state;
  const staying = allFlowsIn(state.flows).filter((flow) => !leaving.has(flow.flowId));
  return stateWithFlows(state.diagnostics, staying);
}

/**
 * Runs `change` on the named flow. Inside a reducer the flow is changed as a plain copy, as a
 * status burst changes it (its nested parts shared and frozen: `transitionFlow` gives it a new
 * history), and put back with its bucket copied (see `replaceFlow`), which freezes what is new.
 * Drafting the path down to it through the state's draft, then finalizing and freezing every
 * level of that path, was most of an action's cost; a draft of the flow alone (an Immer pass of
 * its own) was still about a quarter of it. `change` may change the state too (indexes,
 * diagnostics), through the state's draft.
 */
function withFlow(
  state: PaymentFlowsState,
  payload: FlowEvent,
  change: (flow: PaymentFlow) => void,
): void {
  const flow = peekFlow(state, payload.flowId);
  if (!flow) {
    recordWarning(state, payload.flowId, 'no such flow', payload.at);
    return;
  }
  if (!isDraft(state) || isDraft(flow)) {
    change(flowByIdIn(state, payload.flowId) ?? flow);
    return;
  }
  const changed = { ...flow };
  change(changed);
  if (!sameFlow(flow, changed)) replaceFlow(state, changed);
}

export const {
  flowStarted,
  bookingRequested,
  bookingCreated,
  bookingFailed,
  paymentSubmitted,
  confirmPrepared,
  paymentStatusesReceived,
  subscriptionsRefused,
  paymentFailed,
  paymentOutcomeUnknown,
  retryRequested,
  cancelRequested,
  secondFlowFound,
  flowCancelled,
  bookingFoundExpired,
  holdExpired,
  flowCrashed,
  flowTooOldToResume,
  paymentNotFound,
  flowsRetired,
  flowsMirrored,
  purgeSeen,
} = paymentFlowsSlice.actions;

/** A command, no state change: save everything, then leave for the flow's 3-D Secure step. */
export const redirectRequested = createAction<FlowEvent>('paymentFlows/redirectRequested');

/** This tab now drives the flow: it holds the flow's lock (see sagas/tabsSaga.ts). No state. */
export const drivingTaken = createAction<FlowEvent>('paymentFlows/drivingTaken');

/** Another tab took the flow's lease while this one stalled: it stops driving. No state. */
export const drivingLost = createAction<FlowEvent>('paymentFlows/drivingLost');

export const paymentFlowsReducer: Reducer<PaymentFlowsState> = paymentFlowsSlice.reducer;
