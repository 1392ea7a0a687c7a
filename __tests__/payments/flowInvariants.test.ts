import type { UnknownAction } from '@reduxjs/toolkit';
import fc from 'fast-check';
import {
  bookingCreated,
  bookingFailed,
  bookingRequested,
  cancelRequested,
  flowCancelled,
  flowCrashed,
  flowsRetired,
  flowStarted,
  flowTooOldToResume,
  holdExpired,
  initialFlowsState,
  paymentFailed,
  paymentFlowsReducer,
  paymentFlowsSlice,
  paymentNotFound,
  paymentOutcomeUnknown,
  paymentStatusesReceived,
  paymentSubmitted,
  retryRequested,
  secondFlowFound,
  subscriptionsRefused,
} from '../../src/payments/paymentFlowsSlice';
import { flowByIdIn } from '../../src/payments/flowState';
import { silentLogger } from '../../src/payments/logger';
import type { PersistedFlow } from '../../src/payments/persistence/flowRecord';
import { restoreFlows } from '../../src/payments/persistence/persistedFlows';
import { SERVER_PAYMENT_STATUSES } from '../../src/payments/statusMachine';
import type { BookingDraft } from '../../src/payments/types';
import { breach } from '../helpers/flowStateInvariants';
import { uniqueDraft } from '../helpers/paymentsTestStore';
import { persistedFlow } from './persistence/persistenceHarness';

const FLOW_IDS = ['f1', 'f2', 'f3', '__proto__'];
const BOOKING_IDS = ['bk_1', 'bk_2', 'bk_3'];
const PAYMENT_IDS = ['pay_1', 'pay_2', 'pay_3'];
const DRAFTS: BookingDraft[] = ['room-a', 'room-b'].map((resourceId) => ({
  resourceId,
  start: 1_900_000_000_000,
  durationMinutes: 60,
  bookingType: 'FIRM',
}));

const flowId = fc.constantFrom(...FLOW_IDS);
const error = fc.record({
  code: fc.constantFrom('card_declined', 'http_500'),
  message: fc.constant('scripted'),
  retriable: fc.boolean(),
});

/** Every action the slice takes, with ids from small pools so that they collide. */
const actionArbitrary: fc.Arbitrary<(at: number) => UnknownAction> = fc.oneof(
  fc.tuple(flowId, fc.constantFrom(...DRAFTS)).map(([id, booking]) => (at: number) => {
    const action = flowStarted(booking, at);
    return { ...action, payload: { ...action.payload, flowId: id } };
  }),
  flowId.map((id) => (at: number) => bookingRequested({ flowId: id, at })),
  fc
    .tuple(
      flowId,
      fc.constantFrom(...BOOKING_IDS),
      fc.option(fc.tuple(fc.constantFrom(...PAYMENT_IDS), fc.nat(6))),
    )
    .map(
      ([id, bookingId, payment]) =>
        (at: number) =>
          bookingCreated({
            flowId: id,
            bookingId,
            payment: payment ? { paymentId: payment[0], seq: payment[1] } : undefined,
            holdExpiresAt: at + 1_000,
            at,
          }),
    ),
  fc.tuple(flowId, error).map(
    ([id, e]) =>
      (at: number) =>
        bookingFailed({ flowId: id, error: e, at }),
  ),
  flowId.map(
    (id) => (at: number) => paymentSubmitted({ flowId: id, paymentMethodId: 'pm_card_visa', at }),
  ),
  fc
    .array(
      fc.record({
        paymentId: fc.constantFrom(...PAYMENT_IDS),
        bookingId: fc.option(fc.constantFrom(...BOOKING_IDS), { nil: undefined }),
        status: fc.constantFrom(...SERVER_PAYMENT_STATUSES),
        seq: fc.nat(8),
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map(
      (updates) => (at: number) =>
        paymentStatusesReceived({
          updates: updates.map((update) => ({ ...update, occurredAt: at })),
          at,
        }),
    ),
  fc.tuple(flowId, error).map(
    ([id, e]) =>
      (at: number) =>
        paymentFailed({ flowId: id, error: e, at }),
  ),
  flowId.map((id) => (at: number) => paymentOutcomeUnknown({ flowId: id, reason: 'timeout', at })),
  flowId.map((id) => (at: number) => retryRequested({ flowId: id, at })),
  flowId.map((id) => (at: number) => cancelRequested({ flowId: id, at })),
  fc.tuple(flowId, flowId).map(
    ([id, draftFlowId]) =>
      (at: number) =>
        secondFlowFound({ flowId: id, draftFlowId, at }),
  ),
  flowId.map((id) => (at: number) => flowCancelled({ flowId: id, at })),
  flowId.map((id) => (at: number) => holdExpired({ flowId: id, at })),
  flowId.map((id) => (at: number) => flowCrashed({ flowId: id, message: 'boom', at })),
  flowId.map((id) => (at: number) => flowTooOldToResume({ flowId: id, at })),
  fc
    .subarray(FLOW_IDS, { minLength: 1 })
    .map((flowIds) => (at: number) => flowsRetired({ flowIds, at })),
  flowId.map((id) => (at: number) => paymentNotFound({ flowId: id, at })),
  fc
    .subarray(BOOKING_IDS, { minLength: 1 })
    .map((bookingIds) => (at: number) => subscriptionsRefused({ bookingIds, at })),
);

describe('the paymentFlows reducer under random action sequences', () => {
  it('never throws, and keeps every invariant after every step', () => {
    fc.assert(
      fc.property(fc.array(actionArbitrary, { minLength: 1, maxLength: 40 }), (steps) => {
        let state = initialFlowsState;
        steps.forEach((makeAction, index) => {
          const action = makeAction(1_000 + index);
          const next = paymentFlowsReducer(state, action);
          const problem = breach(state, next);
          if (problem) throw new Error(`after ${action.type} (step ${index + 1}): ${problem}`);
          state = next;
        });
      }),
      { numRuns: 1_500 },
    );
  });
});

const SLICE_ACTION_TYPES = Object.keys(paymentFlowsSlice.actions).map(
  (name) => `${paymentFlowsSlice.name}/${name}`,
);

/** A payload of the right shape in places and garbage in others, as a bad dispatch might send. */
const anyPayload = fc.oneof(
  fc.anything(),
  fc.record(
    {
      flowId: fc.oneof(fc.constantFrom(...FLOW_IDS), fc.anything()),
      at: fc.oneof(fc.nat(), fc.anything()),
      bookingId: fc.oneof(fc.constantFrom(...BOOKING_IDS), fc.anything()),
      updates: fc.anything(),
      bookingIds: fc.anything(),
      error: fc.anything(),
      payment: fc.anything(),
      booking: fc.anything(),
    },
    { requiredKeys: [] },
  ),
);

describe('the paymentFlows reducer on any payload', () => {
  it('never throws, keeps every invariant, and its state survives JSON unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(actionArbitrary, { maxLength: 10 }),
        fc.array(fc.tuple(fc.constantFrom(...SLICE_ACTION_TYPES), anyPayload), {
          minLength: 1,
          maxLength: 10,
        }),
        (setup, garbage) => {
          let state = setup.reduce(
            (current, makeAction, index) => paymentFlowsReducer(current, makeAction(1_000 + index)),
            initialFlowsState,
          );
          for (const [type, payload] of garbage) {
            const next = paymentFlowsReducer(state, { type, payload });
            const problem = breach(state, next);
            if (problem) throw new Error(`after ${type}: ${problem}`);
            // Serialized, parsed and serialized again, it reads the same (JSON has no -0, so the
            // parsed state is compared as JSON, not with Object.is).
            const json = JSON.stringify(next);
            expect(JSON.stringify(JSON.parse(json))).toBe(json);
            state = next;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** Two active flows for one booking draft as a restore keeps them: `first` is the draft's flow. */
function restoredBesideDraftFlow(secondStatus: PersistedFlow['status']) {
  const booking = uniqueDraft();
  const stored = (name: string, status: PersistedFlow['status'], createdAt: number) =>
    persistedFlow({
      flowId: `flow-${name}`,
      booking,
      status,
      bookingId: `bk_${name}`,
      paymentId: `pay_${name}`,
      serverSeq: 1,
      attempt: status === 'awaitingPayment' ? 0 : 1,
      holdExpiresAt: 2_000_000_000_000,
      createdAt,
      updatedAt: createdAt,
    });
  // The older of two equally far along is the draft's flow.
  const flows = [stored('first', secondStatus, 1_000), stored('second', secondStatus, 2_000)];
  return restoreFlows({ flows }, silentLogger);
}

describe('the invariant on flows for one booking draft', () => {
  it('allows the second flow a restore keeps beside the draft’s flow, and its cancel', () => {
    const restored = restoredBesideDraftFlow('awaitingPayment');
    const cancelled = paymentFlowsReducer(
      restored,
      cancelRequested({ flowId: 'flow-second', at: 3_000 }),
    );

    expect(breach(initialFlowsState, restored)).toBeUndefined();
    expect(breach(restored, cancelled)).toBeUndefined();
    expect(breach(cancelled, cancelled)).toBeUndefined();
  });

  it('allows a second flow whose payment may be moving to stay while it settles', () => {
    const restored = restoredBesideDraftFlow('processing');

    expect(breach(restored, restored)).toBeUndefined();
  });

  it('calls a second flow a breach once it stays beside the draft’s flow waiting for the user', () => {
    const restored = restoredBesideDraftFlow('awaitingPayment');

    expect(breach(restored, restored)).toBe(
      "active flow-second stays beside its draft's flow in awaitingPayment",
    );
  });
});

describe('secondFlowFound', () => {
  it('moves a flow beside its draft’s flow to cancelling, and records why', () => {
    const restored = restoredBesideDraftFlow('awaitingPayment');

    const after = paymentFlowsReducer(
      restored,
      secondFlowFound({ flowId: 'flow-second', draftFlowId: 'flow-first', at: 3_000 }),
    );

    expect(flowByIdIn(after, 'flow-second')?.history.at(-1)).toMatchObject({
      from: 'awaitingPayment',
      to: 'cancelling',
      cause: 'secondFlowFound',
    });
  });

  it('leaves the draft’s own flow as it is', () => {
    const restored = restoredBesideDraftFlow('awaitingPayment');

    const after = paymentFlowsReducer(
      restored,
      secondFlowFound({ flowId: 'flow-first', draftFlowId: 'flow-second', at: 3_000 }),
    );

    expect(flowByIdIn(after, 'flow-first')?.status).toBe('awaitingPayment');
  });

  it('leaves a second flow whose payment may be moving to settle', () => {
    const restored = restoredBesideDraftFlow('processing');

    const after = paymentFlowsReducer(
      restored,
      secondFlowFound({ flowId: 'flow-second', draftFlowId: 'flow-first', at: 3_000 }),
    );

    expect(flowByIdIn(after, 'flow-second')?.status).toBe('processing');
  });

  it('moves the draft’s flow here found beside a flow this store does not hold: another tab found it', () => {
    const restored = restoredBesideDraftFlow('awaitingPayment');

    const after = paymentFlowsReducer(
      restored,
      secondFlowFound({ flowId: 'flow-first', draftFlowId: 'flow-in-another-tab', at: 3_000 }),
    );

    expect(flowByIdIn(after, 'flow-first')?.history.at(-1)).toMatchObject({
      to: 'cancelling',
      cause: 'secondFlowFound',
    });
  });

  it('moves a flow beside the draft’s flow that has ended since: the draft index names neither', () => {
    const ended = paymentFlowsReducer(
      restoredBesideDraftFlow('awaitingPayment'),
      flowCancelled({ flowId: 'flow-first', at: 3_000 }),
    );

    const after = paymentFlowsReducer(
      ended,
      secondFlowFound({ flowId: 'flow-second', draftFlowId: 'flow-first', at: 4_000 }),
    );

    expect(flowByIdIn(after, 'flow-second')?.history.at(-1)).toMatchObject({
      from: 'awaitingPayment',
      to: 'cancelling',
      cause: 'secondFlowFound',
    });
  });

  it('never moves a flow whose draft’s flow ended, named beside a flow of another draft', () => {
    const ended = paymentFlowsReducer(
      restoredBesideDraftFlow('awaitingPayment'),
      flowCancelled({ flowId: 'flow-first', at: 3_000 }),
    );
    const started = flowStarted(uniqueDraft(), 3_500);
    const elsewhere = paymentFlowsReducer(ended, started);

    const after = paymentFlowsReducer(
      elsewhere,
      secondFlowFound({ flowId: 'flow-second', draftFlowId: started.payload.flowId, at: 4_000 }),
    );

    expect(flowByIdIn(elsewhere, started.payload.flowId)?.status).toBe('draft');
    expect(flowByIdIn(after, 'flow-second')?.status).toBe('awaitingPayment');
  });

  it('never moves a flow named beside itself', () => {
    const restored = restoredBesideDraftFlow('awaitingPayment');

    const after = paymentFlowsReducer(
      restored,
      secondFlowFound({ flowId: 'flow-first', draftFlowId: 'flow-first', at: 3_000 }),
    );

    expect(flowByIdIn(after, 'flow-first')?.status).toBe('awaitingPayment');
  });
});
