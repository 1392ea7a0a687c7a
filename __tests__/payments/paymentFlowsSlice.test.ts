import { configureStore, type UnknownAction } from '@reduxjs/toolkit';
import { validate as isUuid, version as uuidVersion } from 'uuid';
import {
  bookingCreated,
  bookingFailed,
  bookingRequested,
  cancelRequested,
  flowCancelled,
  flowCrashed,
  flowStarted,
  holdExpired,
  paymentFailed,
  paymentFlowsReducer,
  paymentOutcomeUnknown,
  paymentStatusesReceived,
  paymentSubmitted,
  retryRequested,
} from '../../src/payments/paymentFlowsSlice';
import { HISTORY_LIMIT, WARNING_LIMIT } from '../../src/payments/flowTransitions';
import {
  selectActiveFlowIdForDraft,
  selectAllFlows,
  selectFlowByBookingId,
  selectFlowById,
  selectFlowByPaymentId,
  selectFlowDiagnostics,
} from '../../src/payments/selectors';
import {
  confirmNeverArrived,
  MAX_PAYMENT_ATTEMPTS,
  type FlowStatus,
  type ServerPaymentStatus,
} from '../../src/payments/statusMachine';
import type { BookingDraft, FlowError, Money, PaymentStatusUpdate } from '../../src/payments/types';

const T0 = Date.UTC(2030, 0, 1, 12);
const HOLD_MS = 10 * 60_000;
const AMOUNT: Money = { value: 4_500, currency: 'EUR' };
const DECLINED: FlowError = { code: 'card_declined', message: 'Declined', retriable: true };
const FATAL: FlowError = { code: 'fraudulent', message: 'Blocked', retriable: false };
const redirect = { type: 'redirectToUrl', url: 'https://bank.example/3ds' } as const;

function draftFor(resourceId = 'room-1'): BookingDraft {
  return { resourceId, start: Date.UTC(2030, 0, 2, 9), durationMinutes: 60, bookingType: 'FIRM' };
}

const bookingIdOf = (flowId: string) => `bk_${flowId}`;
const paymentIdOf = (flowId: string) => `pay_${flowId}`;

/** A real store, with RTK's serializable and immutability checks on, and a strictly rising clock. */
function setup() {
  const store = configureStore({ reducer: { paymentFlows: paymentFlowsReducer } });
  let clock = T0;
  const now = () => (clock += 1_000);
  const flow = (flowId: string) => {
    const found = selectFlowById(store.getState(), flowId);
    if (!found) throw new Error(`no flow ${flowId}`);
    return found;
  };
  const dispatch = (action: UnknownAction) => store.dispatch(action);
  return {
    store,
    now,
    flow,
    dispatch,
    diagnostics: () => selectFlowDiagnostics(store.getState()),
    start(booking = draftFor()): string {
      const action = flowStarted(booking, now());
      dispatch(action);
      return action.payload.flowId;
    },
    /** One server update for the flow's payment, by default one seq above the flow's. */
    update(
      flowId: string,
      status: ServerPaymentStatus,
      extra: Partial<PaymentStatusUpdate> = {},
    ): PaymentStatusUpdate {
      const seq = flow(flowId).serverSeq + 1;
      return { paymentId: paymentIdOf(flowId), status, seq, occurredAt: clock, ...extra };
    },
    receive(...updates: PaymentStatusUpdate[]) {
      return dispatch(paymentStatusesReceived({ updates, at: now() }));
    },
  };
}

type Harness = ReturnType<typeof setup>;
/** Each step returns the action it dispatched. */
type Step = (h: Harness, flowId: string) => UnknownAction;

function createBooking(h: Harness, flowId: string) {
  const at = h.now();
  return h.dispatch(
    bookingCreated({
      flowId,
      at,
      bookingId: bookingIdOf(flowId),
      payment: { paymentId: paymentIdOf(flowId), seq: 1 },
      amount: AMOUNT,
      holdExpiresAt: at + HOLD_MS,
    }),
  );
}

function submit(h: Harness, flowId: string) {
  return h.dispatch(paymentSubmitted({ flowId, at: h.now(), paymentMethodId: 'pm_card_visa' }));
}

/** The server's answer to the attempt: the payment failed. */
function failAttempt(h: Harness, flowId: string, error = DECLINED) {
  return h.receive(h.update(flowId, 'failed', { failure: error }));
}

/** The happy path to each status: the status it comes from, and the event that moves it. */
const STEPS: Record<Exclude<FlowStatus, 'draft'>, [FlowStatus, Step]> = {
  creatingBooking: ['draft', (h, flowId) => h.dispatch(bookingRequested({ flowId, at: h.now() }))],
  awaitingPayment: ['creatingBooking', (h, flowId) => createBooking(h, flowId)],
  confirmingPayment: ['awaitingPayment', (h, flowId) => submit(h, flowId)],
  requiresAction: [
    'confirmingPayment',
    (h, flowId) => h.receive(h.update(flowId, 'requiresAction', { nextAction: redirect })),
  ],
  processing: ['confirmingPayment', (h, flowId) => h.receive(h.update(flowId, 'processing'))],
  succeeded: ['processing', (h, flowId) => h.receive(h.update(flowId, 'succeeded'))],
  failed: ['confirmingPayment', (h, flowId) => failAttempt(h, flowId)],
  cancelling: [
    'awaitingPayment',
    (h, flowId) => h.dispatch(cancelRequested({ flowId, at: h.now() })),
  ],
  cancelled: ['cancelling', (h, flowId) => h.dispatch(flowCancelled({ flowId, at: h.now() }))],
  expired: ['awaitingPayment', (h, flowId) => h.dispatch(holdExpired({ flowId, at: h.now() }))],
  reconciling: [
    'confirmingPayment',
    (h, flowId) => h.dispatch(paymentOutcomeUnknown({ flowId, at: h.now(), reason: 'timeout' })),
  ],
};

/** Starts a flow and drives it along the happy path to `status`. */
function flowIn(h: Harness, status: FlowStatus, booking = draftFor()): string {
  if (status === 'draft') return h.start(booking);
  const [previous, step] = STEPS[status];
  const flowId = flowIn(h, previous, booking);
  step(h, flowId);
  expect(h.flow(flowId).status).toBe(status);
  return flowId;
}

function failedForGood(h: Harness): string {
  const flowId = flowIn(h, 'confirmingPayment');
  failAttempt(h, flowId, FATAL);
  return flowId;
}

/** The ways a flow ends for good. */
const TERMINAL_FLOWS: [string, (h: Harness) => string][] = [
  ['succeeded', (h) => flowIn(h, 'succeeded')],
  ['cancelled', (h) => flowIn(h, 'cancelled')],
  ['expired', (h) => flowIn(h, 'expired')],
  ['failed, not retriable', failedForGood],
];

/** Every flow-scoped event a saga or component dispatches. */
const FLOW_EVENTS: [string, (flowId: string, at: number) => UnknownAction][] = [
  ['bookingRequested', (flowId, at) => bookingRequested({ flowId, at })],
  [
    'bookingCreated',
    (flowId, at) =>
      bookingCreated({
        flowId,
        at,
        bookingId: 'bk_late',
        payment: { paymentId: 'pay_late', seq: 99 },
      }),
  ],
  ['bookingFailed', (flowId, at) => bookingFailed({ flowId, at, error: DECLINED })],
  ['paymentSubmitted', (flowId, at) => paymentSubmitted({ flowId, at, paymentMethodId: 'pm_x' })],
  ['paymentFailed', (flowId, at) => paymentFailed({ flowId, at, error: DECLINED })],
  ['paymentOutcomeUnknown', (flowId, at) => paymentOutcomeUnknown({ flowId, at, reason: 'lost' })],
  ['retryRequested', (flowId, at) => retryRequested({ flowId, at })],
  ['cancelRequested', (flowId, at) => cancelRequested({ flowId, at })],
  ['flowCancelled', (flowId, at) => flowCancelled({ flowId, at })],
  ['holdExpired', (flowId, at) => holdExpired({ flowId, at })],
  ['flowCrashed', (flowId, at) => flowCrashed({ flowId, at, message: 'boom' })],
];

let consoleError: jest.SpyInstance;
beforeEach(() => {
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  // RTK's serializable check reports through console.error: the state must stay plain data.
  expect(consoleError).not.toHaveBeenCalled();
  consoleError.mockRestore();
});

describe('flowStarted', () => {
  test('creates a draft flow with a uuid v4 flowId and `at` as its timestamps', () => {
    const h = setup();
    const booking = draftFor();
    const action = flowStarted(booking, T0);
    h.dispatch(action);

    const { flowId } = action.payload;
    expect(isUuid(flowId) && uuidVersion(flowId)).toBe(4);
    expect(selectAllFlows(h.store.getState())).toEqual([
      {
        flowId,
        status: 'draft',
        booking,
        attempt: 0,
        serverSeq: 0,
        createdAt: T0,
        updatedAt: T0,
        history: [],
      },
    ]);
    expect(selectActiveFlowIdForDraft(h.store.getState(), booking)).toBe(flowId);
  });

  test('each start gets its own flowId, and `at` defaults to the clock', () => {
    const clock = jest.spyOn(Date, 'now').mockReturnValue(T0 + 5);
    const first = flowStarted(draftFor('a'));
    const second = flowStarted(draftFor('b'));
    clock.mockRestore();

    expect(first.payload.flowId).not.toBe(second.payload.flowId);
    expect(first.payload.at).toBe(T0 + 5);
  });

  test('a second start for the same draft while the first is active is ignored', () => {
    const h = setup();
    const first = flowIn(h, 'failed');
    h.start({ ...draftFor() });

    expect(selectAllFlows(h.store.getState()).map((flow) => flow.flowId)).toEqual([first]);
    expect(selectActiveFlowIdForDraft(h.store.getState(), draftFor())).toBe(first);
    expect(h.diagnostics().duplicateStartsIgnored).toBe(1);
  });

  test('another draft is not a duplicate', () => {
    const h = setup();
    h.start(draftFor());
    h.start({ ...draftFor(), start: draftFor().start + 3_600_000 });

    expect(selectAllFlows(h.store.getState())).toHaveLength(2);
    expect(h.diagnostics().duplicateStartsIgnored).toBe(0);
  });

  test.each(TERMINAL_FLOWS)('the same draft starts again once the first flow is %s', (_, end) => {
    const h = setup();
    const first = end(h);
    const second = h.start();

    expect(second).not.toBe(first);
    expect(selectAllFlows(h.store.getState())).toHaveLength(2);
    expect(selectActiveFlowIdForDraft(h.store.getState(), draftFor())).toBe(second);
    expect(h.diagnostics().duplicateStartsIgnored).toBe(0);
  });
});

describe('booking', () => {
  test('bookingRequested moves a draft to creatingBooking', () => {
    const h = setup();
    const flowId = h.start();
    h.dispatch(bookingRequested({ flowId, at: T0 + 42 }));

    expect(h.flow(flowId)).toMatchObject({ status: 'creatingBooking', updatedAt: T0 + 42 });
  });

  test('bookingCreated with a payment links both ids and awaits payment', () => {
    const h = setup();
    const flowId = flowIn(h, 'creatingBooking');
    h.dispatch(
      bookingCreated({
        flowId,
        at: T0 + 7,
        bookingId: 'bk_1',
        payment: { paymentId: 'pay_1', seq: 7 },
        amount: AMOUNT,
        holdExpiresAt: T0 + HOLD_MS,
      }),
    );

    const flow = h.flow(flowId);
    expect(flow).toMatchObject({
      status: 'awaitingPayment',
      bookingId: 'bk_1',
      paymentId: 'pay_1',
      serverSeq: 7,
      amount: AMOUNT,
      holdExpiresAt: T0 + HOLD_MS,
    });
    expect(selectFlowByBookingId(h.store.getState(), 'bk_1')).toBe(flow);
    expect(selectFlowByPaymentId(h.store.getState(), 'pay_1')).toBe(flow);
  });

  test('bookingCreated without a payment succeeds at once and frees the draft', () => {
    const h = setup();
    const flowId = flowIn(h, 'creatingBooking');
    h.dispatch(bookingCreated({ flowId, at: h.now(), bookingId: 'bk_free' }));

    expect(h.flow(flowId)).toMatchObject({ status: 'succeeded', bookingId: 'bk_free' });
    expect(h.flow(flowId).paymentId).toBeUndefined();
    expect(selectFlowByBookingId(h.store.getState(), 'bk_free')?.flowId).toBe(flowId);
    expect(selectActiveFlowIdForDraft(h.store.getState(), draftFor())).toBeUndefined();
  });

  test('bookingCreated out of order links nothing', () => {
    const h = setup();
    const flowId = h.start();
    const before = h.flow(flowId);
    createBooking(h, flowId);

    expect(h.flow(flowId)).toStrictEqual(before);
    expect(selectFlowByBookingId(h.store.getState(), bookingIdOf(flowId))).toBeUndefined();
    expect(selectFlowByPaymentId(h.store.getState(), paymentIdOf(flowId))).toBeUndefined();
  });

  test('bookingFailed carries the error', () => {
    const h = setup();
    const flowId = flowIn(h, 'creatingBooking');
    h.dispatch(bookingFailed({ flowId, at: h.now(), error: DECLINED }));

    expect(h.flow(flowId)).toMatchObject({ status: 'failed', error: DECLINED });
  });
});

describe('paymentSubmitted', () => {
  test('counts the attempt, records the method and confirms', () => {
    const h = setup();
    const flowId = flowIn(h, 'awaitingPayment');
    h.dispatch(paymentSubmitted({ flowId, at: h.now(), paymentMethodId: 'pm_card_mastercard' }));

    expect(h.flow(flowId)).toMatchObject({
      status: 'confirmingPayment',
      attempt: 1,
      paymentMethodId: 'pm_card_mastercard',
    });
  });

  test.each<FlowStatus>([
    'draft',
    'creatingBooking',
    'confirmingPayment',
    'requiresAction',
    'processing',
    'failed',
    'reconciling',
  ])('is ignored with a warning in %s', (status) => {
    const h = setup();
    const flowId = flowIn(h, status);
    const before = h.flow(flowId);
    const at = h.now();
    h.dispatch(paymentSubmitted({ flowId, at, paymentMethodId: 'pm_card_visa' }));

    expect(h.flow(flowId)).toStrictEqual(before);
    expect(h.diagnostics().warnings.at(-1)).toEqual({
      flowId,
      message: `paymentSubmitted ignored in ${status}`,
      at,
    });
  });
});

describe('paymentStatusesReceived', () => {
  test('applies one batch to several flows by paymentId', () => {
    const h = setup();
    const [a, b, c] = ['a', 'b', 'c'].map((id) => flowIn(h, 'confirmingPayment', draftFor(id)));
    if (!a || !b || !c) throw new Error('three flows expected');
    const failure: FlowError = { code: 'insufficient_funds', message: 'No', retriable: true };
    h.receive(
      h.update(a, 'processing'),
      h.update(b, 'succeeded'),
      h.update(c, 'failed', { failure, seq: 5 }),
    );

    expect(h.flow(a)).toMatchObject({ status: 'processing', serverSeq: 2 });
    expect(h.flow(b)).toMatchObject({ status: 'succeeded', serverSeq: 2 });
    expect(h.flow(c)).toMatchObject({ status: 'failed', serverSeq: 5, error: failure });
  });

  test('ignores duplicate and out-of-order seqs, even within one batch', () => {
    const h = setup();
    const flowId = flowIn(h, 'confirmingPayment');
    h.receive(h.update(flowId, 'processing', { seq: 4 }));
    h.receive(h.update(flowId, 'succeeded', { seq: 4 }), h.update(flowId, 'failed', { seq: 3 }));

    expect(h.flow(flowId)).toMatchObject({ status: 'processing', serverSeq: 4 });
    expect(h.diagnostics().staleUpdatesIgnored).toBe(2);
  });

  test('counts updates for unknown payments and still applies the rest', () => {
    const h = setup();
    const flowId = flowIn(h, 'confirmingPayment');
    h.receive(
      { paymentId: 'pay_stranger', status: 'succeeded', seq: 9, occurredAt: T0 },
      h.update(flowId, 'processing'),
    );

    expect(h.diagnostics().unknownUpdatesIgnored).toBe(1);
    expect(h.flow(flowId).status).toBe('processing');
    expect(selectAllFlows(h.store.getState())).toHaveLength(1);
  });

  test('a reconciling flow accepts a snapshot at its own seq', () => {
    const h = setup();
    const flowId = flowIn(h, 'reconciling');
    h.receive(h.update(flowId, 'succeeded', { seq: h.flow(flowId).serverSeq }));

    expect(h.flow(flowId).status).toBe('succeeded');
    expect(h.diagnostics().staleUpdatesIgnored).toBe(0);
  });

  test('failed without a failure gets a retriable default error', () => {
    const h = setup();
    const flowId = flowIn(h, 'processing');
    h.receive(h.update(flowId, 'failed'));

    expect(h.flow(flowId).error).toMatchObject({ code: 'payment_failed', retriable: true });
  });

  test('requiresAction carries nextAction, and leaving it clears nextAction', () => {
    const h = setup();
    const flowId = flowIn(h, 'requiresAction');
    expect(h.flow(flowId).nextAction).toEqual(redirect);

    h.receive(h.update(flowId, 'processing'));
    expect(h.flow(flowId).nextAction).toBeUndefined();
  });

  test('the same status at a higher seq advances serverSeq without a transition', () => {
    const h = setup();
    const flowId = flowIn(h, 'processing');
    const { history } = h.flow(flowId);
    h.receive(h.update(flowId, 'processing', { seq: 10 }));

    expect(h.flow(flowId)).toMatchObject({ status: 'processing', serverSeq: 10, history });
  });
});

describe('illegal transitions', () => {
  test.each<[FlowStatus, string, FlowStatus]>([
    ['processing', 'flowCancelled', 'cancelled'],
    ['confirmingPayment', 'flowCancelled', 'cancelled'],
    ['requiresAction', 'bookingRequested', 'creatingBooking'],
    ['awaitingPayment', 'bookingRequested', 'creatingBooking'],
    ['draft', 'paymentOutcomeUnknown', 'reconciling'],
  ])('%s refuses %s: flow untouched, counted and warned', (status, event, to) => {
    const h = setup();
    const flowId = flowIn(h, status);
    const before = h.flow(flowId);
    const makeEvent = FLOW_EVENTS.find(([name]) => name === event)?.[1];
    if (!makeEvent) throw new Error(`unknown event ${event}`);
    const at = h.now();
    h.dispatch(makeEvent(flowId, at));

    expect(h.flow(flowId)).toStrictEqual(before);
    expect(h.diagnostics().illegalTransitions).toBe(1);
    expect(h.diagnostics().warnings).toEqual([
      { flowId, message: expect.stringContaining(`${status} -> ${to}`) as string, at },
    ]);
  });

  test('an illegal server status leaves the status and history alone', () => {
    const h = setup();
    const flowId = flowIn(h, 'processing');
    const before = h.flow(flowId);
    h.receive(h.update(flowId, 'awaitingPayment'));

    expect(h.flow(flowId)).toMatchObject({ status: 'processing', history: before.history });
    expect(h.diagnostics().illegalTransitions).toBe(1);
  });

  test('an illegal server status leaves the flow deep-equal (serverSeq not consumed)', () => {
    const h = setup();
    const flowId = flowIn(h, 'processing');
    const before = h.flow(flowId);
    h.receive(h.update(flowId, 'awaitingPayment'));

    expect(h.flow(flowId)).toStrictEqual(before);
  });

  test(`keeps only the newest ${WARNING_LIMIT} warnings`, () => {
    const h = setup();
    const flowId = flowIn(h, 'processing');
    const times = Array.from({ length: WARNING_LIMIT + 5 }, () => h.now());
    for (const at of times) h.dispatch(flowCancelled({ flowId, at }));

    const { warnings, illegalTransitions } = h.diagnostics();
    expect(illegalTransitions).toBe(WARNING_LIMIT + 5);
    expect(warnings.map((warning) => warning.at)).toEqual(times.slice(-WARNING_LIMIT));
  });
});

describe('history', () => {
  test('records from, to, cause and at for every transition', () => {
    const h = setup();
    const flowId = flowIn(h, 'succeeded');
    const { history, createdAt } = h.flow(flowId);

    expect(history.map(({ from, to, cause }) => [from, to, cause])).toEqual([
      ['draft', 'creatingBooking', 'bookingRequested'],
      ['creatingBooking', 'awaitingPayment', 'bookingCreated'],
      ['awaitingPayment', 'confirmingPayment', 'paymentSubmitted'],
      ['confirmingPayment', 'processing', 'server'],
      ['processing', 'succeeded', 'server'],
    ]);
    // The clock ticks once per event, so each entry carries its own event's time.
    expect(history.map((entry) => entry.at)).toEqual(
      [1, 2, 3, 4, 5].map((n) => createdAt + n * 1_000),
    );
  });

  test(`stays bounded at ${HISTORY_LIMIT}, keeping the newest entries`, () => {
    const h = setup();
    const flowId = flowIn(h, 'awaitingPayment');
    for (let cycle = 0; cycle < HISTORY_LIMIT; cycle += 1) {
      h.receive(h.update(flowId, 'failed', { failure: DECLINED }));
      h.dispatch(retryRequested({ flowId, at: h.now() }));
    }
    const { history, updatedAt, serverSeq, attempt } = h.flow(flowId);

    expect(history).toHaveLength(HISTORY_LIMIT);
    expect(history.at(-1)).toEqual({
      from: 'failed',
      to: 'awaitingPayment',
      cause: 'retryRequested',
      at: updatedAt,
      serverSeq,
      attempt,
    });
    expect(history[0]?.at).toBe(updatedAt - (HISTORY_LIMIT - 1) * 1_000);
  });
});

describe('cancelRequested', () => {
  test.each<FlowStatus>([
    'draft',
    'creatingBooking',
    'awaitingPayment',
    'requiresAction',
    'failed',
    'reconciling',
  ])('in %s moves the flow to cancelling, which only the server ends', (status) => {
    const h = setup();
    const flowId = flowIn(h, status);
    h.dispatch(cancelRequested({ flowId, at: h.now() }));

    expect(h.flow(flowId).status).toBe('cancelling');
    expect(h.flow(flowId).history.at(-1)).toMatchObject({ from: status, cause: 'cancelRequested' });
    expect(h.diagnostics().warnings).toEqual([]);
  });

  test.each<FlowStatus>(['confirmingPayment', 'processing', 'cancelling'])(
    'in %s is refused: the flow is untouched and the refusal recorded',
    (status) => {
      const h = setup();
      const flowId = flowIn(h, status);
      const before = h.flow(flowId);
      h.dispatch(cancelRequested({ flowId, at: h.now() }));

      expect(h.flow(flowId)).toStrictEqual(before);
      expect(h.diagnostics().warnings.map((warning) => warning.message)).toEqual([
        `cancel refused in ${status}`,
      ]);
    },
  );

  test('paying while cancelling is refused: the cancel is never lost to a payment', () => {
    const h = setup();
    const flowId = flowIn(h, 'cancelling');
    submit(h, flowId);

    expect(h.flow(flowId).status).toBe('cancelling');
    expect(h.diagnostics().warnings.at(-1)?.message).toBe('paymentSubmitted ignored in cancelling');
  });

  test.each<[ServerPaymentStatus, FlowStatus]>([
    ['awaitingPayment', 'cancelling'],
    ['requiresAction', 'cancelling'],
    ['processing', 'processing'],
    ['succeeded', 'succeeded'],
    ['cancelled', 'cancelled'],
    ['expired', 'expired'],
  ])('while cancelling, a server %s leaves the flow %s', (reported, expected) => {
    const h = setup();
    const flowId = flowIn(h, 'cancelling');
    h.receive(h.update(flowId, reported));

    expect(h.flow(flowId).status).toBe(expected);
  });
});

describe('a confirm after a decline that never reached the server', () => {
  /** Declined, retried, Pay again, and the confirm's answer lost: the flow reconciles. */
  function retriedConfirmLost(h: Harness) {
    const flowId = flowIn(h, 'failed');
    h.dispatch(retryRequested({ flowId, at: h.now() }));
    submit(h, flowId);
    h.dispatch(paymentOutcomeUnknown({ flowId, at: h.now(), reason: 'network_error' }));
    expect(h.flow(flowId).status).toBe('reconciling');
    return flowId;
  }

  test('the server repeating the earlier decline (same seq) puts the flow back to awaiting payment, said so', () => {
    const h = setup();
    const flowId = retriedConfirmLost(h);
    const { serverSeq } = h.flow(flowId);
    h.receive(h.update(flowId, 'failed', { seq: serverSeq, failure: DECLINED }));

    expect(h.flow(flowId)).toMatchObject({ status: 'awaitingPayment', serverSeq });
    expect(h.flow(flowId).error).toBeUndefined();
    expect(confirmNeverArrived(h.flow(flowId))).toBe(true);
  });

  test('a decline the server reports at a later seq is this attempt’s', () => {
    const h = setup();
    const flowId = retriedConfirmLost(h);
    failAttempt(h, flowId);

    expect(h.flow(flowId)).toMatchObject({ status: 'failed', error: DECLINED });
  });

  test('a failure repeated at the same seq that is final stays a failure', () => {
    const h = setup();
    const flowId = retriedConfirmLost(h);
    const final = { ...DECLINED, retriable: false };
    h.receive(h.update(flowId, 'failed', { seq: h.flow(flowId).serverSeq, failure: final }));

    expect(h.flow(flowId)).toMatchObject({ status: 'failed', error: final });
  });
});

describe('retryRequested', () => {
  test('a retriable failure with a booking goes back to awaitingPayment', () => {
    const h = setup();
    const flowId = flowIn(h, 'failed');
    h.dispatch(retryRequested({ flowId, at: h.now() }));

    expect(h.flow(flowId)).toMatchObject({ status: 'awaitingPayment', attempt: 1 });
    expect(h.flow(flowId).error).toBeUndefined();
  });

  test('a failure before any booking goes back to creatingBooking', () => {
    const h = setup();
    const flowId = flowIn(h, 'creatingBooking');
    h.dispatch(bookingFailed({ flowId, at: h.now(), error: DECLINED }));
    h.dispatch(retryRequested({ flowId, at: h.now() }));

    expect(h.flow(flowId).status).toBe('creatingBooking');
  });

  test(`is refused after ${MAX_PAYMENT_ATTEMPTS} failed attempts`, () => {
    const h = setup();
    const flowId = flowIn(h, 'failed');
    for (let attempt = 2; attempt <= MAX_PAYMENT_ATTEMPTS; attempt += 1) {
      h.dispatch(retryRequested({ flowId, at: h.now() }));
      submit(h, flowId);
      failAttempt(h, flowId);
    }
    const before = h.flow(flowId);
    expect(before).toMatchObject({ status: 'failed', attempt: MAX_PAYMENT_ATTEMPTS });
    expect(selectActiveFlowIdForDraft(h.store.getState(), draftFor())).toBeUndefined();

    h.dispatch(retryRequested({ flowId, at: h.now() }));
    expect(h.flow(flowId)).toStrictEqual(before);
    expect(h.diagnostics().warnings.at(-1)?.message).toBe('retry refused in failed');
  });

  test.each<[string, (h: Harness) => string]>([
    ['a non-retriable failure', failedForGood],
    ['a flow that has not failed', (h) => flowIn(h, 'awaitingPayment')],
  ])('is refused for %s', (_, arrange) => {
    const h = setup();
    const flowId = arrange(h);
    const before = h.flow(flowId);
    h.dispatch(retryRequested({ flowId, at: h.now() }));

    expect(h.flow(flowId)).toStrictEqual(before);
    expect(h.diagnostics().warnings.at(-1)?.message).toBe(`retry refused in ${before.status}`);
  });
});

describe('holdExpired', () => {
  test.each<[FlowStatus, FlowStatus]>([
    ['awaitingPayment', 'expired'],
    ['failed', 'expired'],
    ['confirmingPayment', 'reconciling'],
    ['requiresAction', 'reconciling'],
    ['processing', 'reconciling'],
  ])('moves %s to %s', (status, to) => {
    const h = setup();
    const flowId = flowIn(h, status);
    h.dispatch(holdExpired({ flowId, at: h.now() }));

    expect(h.flow(flowId).status).toBe(to);
  });

  test.each<FlowStatus>(['draft', 'creatingBooking', 'reconciling'])(
    'leaves %s alone',
    (status) => {
      const h = setup();
      const flowId = flowIn(h, status);
      const before = h.flow(flowId);
      h.dispatch(holdExpired({ flowId, at: h.now() }));

      expect(h.flow(flowId)).toStrictEqual(before);
      expect(h.diagnostics()).toMatchObject({ illegalTransitions: 0, warnings: [] });
    },
  );
});

describe('flowCrashed', () => {
  test.each<FlowStatus>(['confirmingPayment', 'requiresAction', 'processing'])(
    'a crash in %s reconciles: the payment may have gone through',
    (status) => {
      const h = setup();
      const flowId = flowIn(h, status);
      h.dispatch(flowCrashed({ flowId, at: h.now(), message: 'boom' }));

      expect(h.flow(flowId)).toMatchObject({ status: 'reconciling', error: undefined });
    },
  );

  test.each<FlowStatus>(['creatingBooking', 'awaitingPayment'])(
    'a crash in %s fails the flow for good',
    (status) => {
      const h = setup();
      const flowId = flowIn(h, status);
      const other = flowIn(h, status, draftFor('other'));
      h.dispatch(flowCrashed({ flowId, at: h.now(), message: 'boom' }));

      expect(h.flow(flowId)).toMatchObject({
        status: 'failed',
        error: { code: 'internal_error', message: 'boom', retriable: false },
      });
      expect(selectActiveFlowIdForDraft(h.store.getState(), draftFor())).toBeUndefined();
      expect(h.flow(other).status).toBe(status);
    },
  );

  // A crashed draft left active would absorb every later start of the same draft as a duplicate.
  test('a crash in draft stops the flow and frees the draft', () => {
    const h = setup();
    const flowId = h.start();
    h.dispatch(flowCrashed({ flowId, at: h.now(), message: 'boom' }));

    expect(selectActiveFlowIdForDraft(h.store.getState(), draftFor())).toBeUndefined();
  });
});

describe('events for an unknown flowId', () => {
  test.each(FLOW_EVENTS)('%s records a warning and changes no flow', (_, makeEvent) => {
    const h = setup();
    const flowId = flowIn(h, 'awaitingPayment');
    const before = h.flow(flowId);
    const at = h.now();

    expect(() => h.dispatch(makeEvent('no-such-flow', at))).not.toThrow();
    expect(h.diagnostics().warnings).toEqual([
      { flowId: 'no-such-flow', message: 'no such flow', at },
    ]);
    expect(selectAllFlows(h.store.getState())).toStrictEqual([before]);
  });
});

describe('a terminal flow never changes', () => {
  const cases = TERMINAL_FLOWS.flatMap(([ending, end]) =>
    FLOW_EVENTS.map(([event, makeEvent]) => [ending, event, end, makeEvent] as const),
  );

  test.each(cases)('%s, then %s', (_ending, _event, end, makeEvent) => {
    const h = setup();
    const flowId = end(h);
    const before = h.flow(flowId);
    h.dispatch(makeEvent(flowId, h.now()));

    expect(h.flow(flowId)).toStrictEqual(before);
    expect(selectFlowByBookingId(h.store.getState(), 'bk_late')).toBeUndefined();
  });

  test.each(TERMINAL_FLOWS)('%s keeps its status and history on later server updates', (_, end) => {
    const h = setup();
    const flowId = end(h);
    const before = h.flow(flowId);
    h.receive(h.update(flowId, 'awaitingPayment'), h.update(flowId, 'processing', { seq: 50 }));

    expect(h.flow(flowId)).toMatchObject({ status: before.status, history: before.history });
  });

  test.each(TERMINAL_FLOWS)('%s is deep-equal after a later server update', (_, end) => {
    const h = setup();
    const flowId = end(h);
    const before = h.flow(flowId);
    h.receive(h.update(flowId, before.status === 'failed' ? 'failed' : 'succeeded'));

    expect(h.flow(flowId)).toStrictEqual(before);
  });
});
