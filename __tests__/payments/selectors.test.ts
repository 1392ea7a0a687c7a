import { configureStore, type UnknownAction } from '@reduxjs/toolkit';
import {
  bookingCreated,
  bookingRequested,
  flowCancelled,
  flowCrashed,
  flowStarted,
  flowsRetired,
  holdExpired,
  paymentFlowsReducer,
  paymentStatusesReceived,
  paymentSubmitted,
} from '../../src/payments/paymentFlowsSlice';
import {
  selectActiveFlowIdForDraft,
  selectActiveFlows,
  selectFlowByBookingId,
  selectFlowById,
  selectFlowByPaymentId,
} from '../../src/payments/selectors';
import type { BookingDraft } from '../../src/payments/types';

const T0 = Date.UTC(2030, 0, 1, 12);

function draftFor(resourceId: string): BookingDraft {
  return {
    resourceId,
    start: Date.UTC(2030, 0, 2, 9),
    durationMinutes: 30,
    bookingType: 'TENTATIVE',
  };
}

function setup() {
  const store = configureStore({ reducer: { paymentFlows: paymentFlowsReducer } });
  const state = () => store.getState();
  const dispatch = (action: UnknownAction) => store.dispatch(action);
  const event = (flowId: string) => ({ flowId, at: T0 });
  const activeIds = () => selectActiveFlows(state()).map((flow) => flow.flowId);

  let started = 0;
  function start(booking: BookingDraft): string {
    started += 1;
    const action = flowStarted(booking, T0 + started);
    dispatch(action);
    return action.payload.flowId;
  }

  /** A flow awaiting payment, with `pay_<resourceId>` as its payment. */
  function awaiting(resourceId: string): string {
    const flowId = start(draftFor(resourceId));
    dispatch(bookingRequested(event(flowId)));
    dispatch(
      bookingCreated({
        ...event(flowId),
        bookingId: `bk_${resourceId}`,
        payment: { paymentId: `pay_${resourceId}`, seq: 1 },
      }),
    );
    return flowId;
  }

  return { store, state, dispatch, event, activeIds, start, awaiting };
}

type Harness = ReturnType<typeof setup>;

/** Flows in every kind of status, split by whether they are still active. */
function mixedFlows(h: Harness): { active: string[]; ended: string[] } {
  const { dispatch, event, awaiting } = h;
  const draft = h.start(draftFor('draft'));
  const waiting = awaiting('waiting');
  const retriable = awaiting('retriable');
  const cancelled = awaiting('cancelled');
  const expired = awaiting('expired');
  const crashed = awaiting('crashed');
  const succeeded = awaiting('succeeded');

  dispatch(paymentSubmitted({ ...event(retriable), paymentMethodId: 'pm_card_visa' }));
  dispatch(
    paymentStatusesReceived({
      updates: [
        {
          paymentId: 'pay_retriable',
          status: 'failed',
          seq: 2,
          occurredAt: T0,
          failure: { code: 'x', message: 'x', retriable: true },
        },
      ],
      at: T0,
    }),
  );
  dispatch(flowCancelled(event(cancelled)));
  dispatch(holdExpired(event(expired)));
  dispatch(flowCrashed({ ...event(crashed), message: 'boom' }));
  dispatch(
    paymentStatusesReceived({
      updates: [{ paymentId: 'pay_succeeded', status: 'succeeded', seq: 2, occurredAt: T0 }],
      at: T0,
    }),
  );
  return { active: [draft, waiting, retriable], ended: [cancelled, expired, crashed, succeeded] };
}

describe('selectActiveFlows', () => {
  test('keeps flows that can still move and drops terminal ones, in start order (creation time)', () => {
    const h = setup();
    const { active, ended } = mixedFlows(h);

    const statusOf = (flowId: string) => selectFlowById(h.state(), flowId)?.status;
    expect(h.activeIds()).toEqual(active);
    expect(active.map(statusOf)).toEqual(['draft', 'awaitingPayment', 'failed']);
    expect(ended.map(statusOf)).toEqual(['cancelled', 'expired', 'failed', 'succeeded']);
  });

  test('returns the same array while the flows are unchanged', () => {
    const h = setup();
    h.awaiting('a');
    const first = selectActiveFlows(h.state());

    expect(selectActiveFlows(h.state())).toBe(first);
    h.dispatch({ type: 'elsewhere/somethingHappened' });
    expect(selectActiveFlows(h.state())).toBe(first);
    // A duplicate start only touches diagnostics, not the flows.
    h.start(draftFor('a'));
    expect(selectActiveFlows(h.state())).toBe(first);
  });

  test('returns a new array after a flow changes', () => {
    const h = setup();
    const flowId = h.awaiting('a');
    const first = selectActiveFlows(h.state());
    h.dispatch(paymentSubmitted({ ...h.event(flowId), paymentMethodId: 'pm_card_visa' }));
    const second = selectActiveFlows(h.state());

    expect(second).not.toBe(first);
    expect(second.map((flow) => flow.status)).toEqual(['confirmingPayment']);

    h.dispatch(flowCrashed({ ...h.event(flowId), message: 'boom' }));
    h.dispatch(
      paymentStatusesReceived({
        updates: [{ paymentId: 'pay_a', status: 'succeeded', seq: 2, occurredAt: T0 }],
        at: T0,
      }),
    );
    expect(selectActiveFlows(h.state())).toEqual([]);
  });
});

describe('selectActiveFlowIdForDraft', () => {
  test('finds the active flow by the draft’s fields, not its identity', () => {
    const h = setup();
    const flowId = h.start(draftFor('a'));

    expect(selectActiveFlowIdForDraft(h.state(), { ...draftFor('a') })).toBe(flowId);
  });

  test.each<[string, Partial<BookingDraft>]>([
    ['another resource', { resourceId: 'b' }],
    ['another start', { start: T0 }],
    ['another duration', { durationMinutes: 45 }],
    ['another booking type', { bookingType: 'FIRM' }],
  ])('does not match a draft with %s', (_, change) => {
    const h = setup();
    h.start(draftFor('a'));

    expect(selectActiveFlowIdForDraft(h.state(), { ...draftFor('a'), ...change })).toBeUndefined();
  });

  test('forgets the flow once it is terminal, and finds the next one', () => {
    const h = setup();
    const first = h.awaiting('a');
    h.dispatch(flowCancelled(h.event(first)));
    expect(selectActiveFlowIdForDraft(h.state(), draftFor('a'))).toBeUndefined();

    const second = h.start(draftFor('a'));
    expect(second).not.toBe(first);
    expect(selectActiveFlowIdForDraft(h.state(), draftFor('a'))).toBe(second);
  });
});

describe('lookups by server id', () => {
  test('find nothing for ids no flow is linked to', () => {
    const h = setup();
    h.start(draftFor('a'));

    expect(selectFlowByBookingId(h.state(), 'bk_a')).toBeUndefined();
    expect(selectFlowByPaymentId(h.state(), 'pay_a')).toBeUndefined();
    expect(selectFlowById(h.state(), 'no-such-flow')).toBeUndefined();
  });

  test('answer for the state they are given: a link or a retirement since does not change an earlier state', () => {
    const h = setup();
    const early = h.awaiting('early');
    h.dispatch(flowCancelled(h.event(early)));
    const before = h.state();
    expect(selectFlowByPaymentId(before, 'pay_early')?.flowId).toBe(early);
    expect(selectFlowByPaymentId(before, 'pay_late')).toBeUndefined();

    const late = h.awaiting('late');
    h.dispatch(flowsRetired({ flowIds: [early], at: T0 }));
    const after = h.state();

    expect(selectFlowByPaymentId(after, 'pay_late')?.flowId).toBe(late);
    expect(selectFlowByPaymentId(after, 'pay_early')).toBeUndefined();
    expect(selectFlowByBookingId(after, 'bk_early')).toBeUndefined();
    expect(selectFlowByPaymentId(before, 'pay_early')?.flowId).toBe(early);
    expect(selectFlowByPaymentId(before, 'pay_late')).toBeUndefined();
  });
});
