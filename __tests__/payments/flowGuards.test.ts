import { configureStore, type UnknownAction } from '@reduxjs/toolkit';
import {
  bookingCreated,
  bookingFailed,
  bookingRequested,
  flowCancelled,
  flowsRetired,
  flowStarted,
  flowTooOldToResume,
  paymentFailed,
  paymentFlowsReducer,
  paymentOutcomeUnknown,
  paymentStatusesReceived,
  paymentSubmitted,
  retryRequested,
} from '../../src/payments/paymentFlowsSlice';
import { HISTORY_LIMIT } from '../../src/payments/flowTransitions';
import { allFlowsIn, draftKey, flowByIdIn, indexEntry } from '../../src/payments/flowState';
import { restoreFlows } from '../../src/payments/persistence/persistedFlows';
import { indexEntries } from '../helpers/flowStateInvariants';
import { silentLogger } from '../../src/payments/logger';
import { takeReturnedFlowId } from '../../src/payments/redirectReturn';
import {
  selectActiveFlowIdForDraft,
  selectFlowByBookingId,
  selectFlowById,
  selectFlowDiagnostics,
} from '../../src/payments/selectors';
import { MAX_PAYMENT_ATTEMPTS, type ServerPaymentStatus } from '../../src/payments/statusMachine';
import type { BookingDraft, PaymentFlow } from '../../src/payments/types';
import { persistedFlow } from './persistence/persistenceHarness';

const declined = { code: 'card_declined', message: 'Declined', retriable: true };

function draft(resourceId = 'room-1'): BookingDraft {
  return { resourceId, start: Date.UTC(2030, 0, 2, 9), durationMinutes: 60, bookingType: 'FIRM' };
}

/** A real store with RTK's checks on; `at` rises by one per action. */
function setup() {
  const store = configureStore({ reducer: { paymentFlows: paymentFlowsReducer } });
  let at = 1_000;
  const tick = () => (at += 1);
  const flow = (flowId: string): PaymentFlow => {
    const found = selectFlowById(store.getState(), flowId);
    if (!found) throw new Error(`no flow ${flowId}`);
    return found;
  };
  const dispatch = (action: UnknownAction) => store.dispatch(action);
  const status = (flowId: string, to: ServerPaymentStatus, seq: number, bookingId?: string) =>
    dispatch(
      paymentStatusesReceived({
        updates: [{ paymentId: `pay_${flowId}`, bookingId, status: to, seq, occurredAt: at }],
        at: tick(),
      }),
    );
  /** A flow whose booking is held, with its payment at seq 1. */
  const held = (booking = draft()): string => {
    const { payload } = dispatch(flowStarted(booking, tick())) as ReturnType<typeof flowStarted>;
    const { flowId } = payload;
    dispatch(bookingRequested({ flowId, at: tick() }));
    dispatch(
      bookingCreated({
        flowId,
        bookingId: `bk_${flowId}`,
        payment: { paymentId: `pay_${flowId}`, seq: 1 },
        holdExpiresAt: 10_000_000,
        at: tick(),
      }),
    );
    return flowId;
  };
  /** A declined payment at `seq`, then the booking asked for again and answered with these ids. */
  const declinedThenBookingAnswer = (
    flowId: string,
    seq: number,
    ids: { bookingId: string; paymentId: string },
  ) => {
    dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_declined', at: tick() }));
    status(flowId, 'failed', seq);
    dispatch(bookingRequested({ flowId, at: tick() }));
    dispatch(
      bookingCreated({
        flowId,
        bookingId: ids.bookingId,
        payment: { paymentId: ids.paymentId, seq: 1 },
        at: tick(),
      }),
    );
  };
  return { store, flow, dispatch, status, held, tick, declinedThenBookingAnswer };
}

describe('the attempt cap lives in the reducer (issue 8, item 7)', () => {
  it('after three attempts, the server offering another one fails the flow; attempt 4 is never submitted', () => {
    const { flow, dispatch, status, held, tick } = setup();
    const flowId = held();
    for (let attempt = 1; attempt < MAX_PAYMENT_ATTEMPTS; attempt += 1) {
      dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_declined', at: tick() }));
      status(flowId, 'failed', attempt + 1);
      dispatch(retryRequested({ flowId, at: tick() }));
    }
    dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: tick() }));
    dispatch(paymentOutcomeUnknown({ flowId, reason: 'timeout', at: tick() }));
    expect(flow(flowId)).toMatchObject({ status: 'reconciling', attempt: 3 });

    status(flowId, 'awaitingPayment', MAX_PAYMENT_ATTEMPTS + 1);
    dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: tick() }));

    expect(flow(flowId)).toMatchObject({
      status: 'failed',
      attempt: 3,
      error: { code: 'attempts_exhausted', retriable: false },
    });
  });
});

describe('reducer guards that random action sequences broke (issue 8, item 8)', () => {
  it('flowTooOldToResume leaves a terminal flow untouched', () => {
    const { flow, dispatch, held, tick } = setup();
    const flowId = held();
    const failure = { ...declined, retriable: false };
    dispatch(
      paymentStatusesReceived({
        updates: [{ paymentId: `pay_${flowId}`, status: 'failed', seq: 2, occurredAt: 0, failure }],
        at: tick(),
      }),
    );
    const before = flow(flowId);
    expect(before).toMatchObject({ status: 'failed', error: failure });

    dispatch(flowTooOldToResume({ flowId, at: tick() }));

    expect(flow(flowId)).toBe(before);
  });

  it.each([
    [
      'bookingFailed',
      (flowId: string, at: number) => bookingFailed({ flowId, error: declined, at }),
      'bookingFailed: processing is not waiting for a booking',
    ],
    [
      'paymentFailed',
      (flowId: string, at: number) => paymentFailed({ flowId, error: declined, at }),
      'paymentFailed: processing: only the server fails this payment',
    ],
  ])(
    'a late or replayed %s leaves a payment the processor is working on alone',
    (_name, late, why) => {
      const { store, flow, dispatch, status, held, tick } = setup();
      const flowId = held();
      dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: tick() }));
      status(flowId, 'processing', 2);
      const before = flow(flowId);

      dispatch(late(flowId, tick()));

      expect(flow(flowId)).toBe(before);
      expect(selectFlowDiagnostics(store.getState()).warnings.at(-1)?.message).toBe(why);
    },
  );

  it('a late bookingCreated never lowers serverSeq, so a stale update stays stale', () => {
    const { flow, status, held, declinedThenBookingAnswer } = setup();
    const flowId = held();
    declinedThenBookingAnswer(flowId, 5, { bookingId: `bk_${flowId}`, paymentId: `pay_${flowId}` });

    status(flowId, 'succeeded', 3);

    expect(flow(flowId)).toMatchObject({ status: 'failed', serverSeq: 5 });
  });

  it('a flowId started twice for two drafts leaves neither draft key pointing at a retired flow', () => {
    const { store, dispatch, tick } = setup();
    const first = flowStarted(draft('room-a'), tick());
    dispatch(first);
    dispatch({
      ...flowStarted(draft('room-b'), tick()),
      payload: { ...first.payload, booking: draft('room-b') },
    });
    dispatch(flowCancelled({ flowId: first.payload.flowId, at: tick() }));
    dispatch(flowsRetired({ flowIds: [first.payload.flowId], at: tick() }));

    const again = flowStarted(draft('room-b'), tick());
    dispatch(again);

    expect(selectActiveFlowIdForDraft(store.getState(), draft('room-b'))).toBe(
      again.payload.flowId,
    );
    expect(selectFlowById(store.getState(), again.payload.flowId)?.status).toBe('draft');
  });

  it('an id named __proto__, from an action or a URL, finds nothing and throws nothing', () => {
    const { store, dispatch, tick } = setup();

    expect(() => dispatch(flowCancelled({ flowId: '__proto__', at: tick() }))).not.toThrow();
    expect(selectFlowById(store.getState(), '__proto__')).toBeUndefined();
    expect(selectFlowByBookingId(store.getState(), 'constructor')).toBeUndefined();
    expect(selectFlowDiagnostics(store.getState()).warnings.at(-1)?.message).toBe('no such flow');
    const history = { state: null, replaceState: jest.fn() };
    expect(
      takeReturnedFlowId({ href: 'https://shop.example/?payment_flow=__proto__' }, history),
    ).toBeUndefined();
  });

  it('a second bookingCreated naming other ids is refused, and only the flow’s own ids stay indexed', () => {
    const { store, flow, held, declinedThenBookingAnswer } = setup();
    const flowId = held();
    declinedThenBookingAnswer(flowId, 2, { bookingId: 'bk_other', paymentId: 'pay_other' });

    const { flowIdByBookingId, flowIdByPaymentId } = store.getState().paymentFlows;
    expect(indexEntries(flowIdByBookingId)).toEqual([[`bk_${flowId}`, flowId]]);
    expect(indexEntries(flowIdByPaymentId)).toEqual([[`pay_${flowId}`, flowId]]);
    expect(flow(flowId)).toMatchObject({ status: 'failed', bookingId: `bk_${flowId}` });
  });

  it('a status snapshot naming another booking is not applied to the flow', () => {
    const { flow, dispatch, status, held, tick } = setup();
    const flowId = held();
    dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: tick() }));

    status(flowId, 'succeeded', 3, 'bk_someone_else');

    expect(flow(flowId).status).toBe('confirmingPayment');
  });

  it('a restored flow keeps only the last HISTORY_LIMIT steps of its history', () => {
    const history = Array.from({ length: 100 }, (_, i) => ({
      from: 'failed' as const,
      to: 'awaitingPayment' as const,
      cause: `retry ${i}`,
      at: i,
    }));
    const stored = persistedFlow({ status: 'awaitingPayment', history });

    const state = restoreFlows({ flows: [stored] }, silentLogger);

    expect(flowByIdIn(state, stored.flowId)?.history).toEqual(history.slice(-HISTORY_LIMIT));
  });

  it('two restored active flows for one draft: the one further along is kept, alone', () => {
    const booking = draft('room-twice');
    const behind = persistedFlow({ booking, status: 'draft' });
    const ahead = persistedFlow({
      booking,
      status: 'processing',
      bookingId: 'bk_ahead',
      paymentId: 'pay_ahead',
      serverSeq: 3,
    });

    const state = restoreFlows({ flows: [ahead, behind] }, silentLogger);

    expect(allFlowsIn(state.flows).map((flow) => flow.flowId)).toEqual([ahead.flowId]);
    expect(indexEntry(state.flowIdByDraftKey, draftKey(booking))).toBe(ahead.flowId);
  });
});

describe('a same-seq snapshot that only fills in what the flow lacks (issue 8, item 1)', () => {
  it('gives a requiresAction flow restored without its URL the URL, at the seq it already has', () => {
    const { flow, dispatch, held, tick } = setup();
    const flowId = held();
    dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_3ds', at: tick() }));
    const nextAction = { type: 'redirectToUrl' as const, url: 'https://bank.example/3ds' };
    dispatch(
      paymentStatusesReceived({
        updates: [{ paymentId: `pay_${flowId}`, status: 'requiresAction', seq: 2, occurredAt: 1 }],
        at: tick(),
      }),
    );
    expect(flow(flowId).nextAction).toBeUndefined();

    dispatch(
      paymentStatusesReceived({
        updates: [
          {
            paymentId: `pay_${flowId}`,
            status: 'requiresAction',
            seq: 2,
            occurredAt: 1,
            nextAction,
          },
        ],
        at: tick(),
      }),
    );

    expect(flow(flowId)).toMatchObject({ status: 'requiresAction', serverSeq: 2, nextAction });
  });
});
