import {
  draftKey,
  flowByIdIn,
  indexEntry,
  type PaymentFlowsState,
} from '../../src/payments/flowState';
import {
  bookingCreated,
  bookingRequested,
  flowsMirrored,
  flowStarted,
  initialFlowsState,
  paymentFlowsReducer,
  paymentStatusesReceived,
  paymentSubmitted,
} from '../../src/payments/paymentFlowsSlice';
import { toPersistedFlow, type PersistedFlow } from '../../src/payments/persistence/flowRecord';
import type { BookingDraft } from '../../src/payments/types';
import { breach } from '../helpers/flowStateInvariants';

const T0 = Date.UTC(2030, 0, 1);
const draft: BookingDraft = {
  resourceId: 'room-1',
  start: T0 + 86_400_000,
  durationMinutes: 60,
  bookingType: 'FIRM',
};

/** A flow with its booking held, as the tab that drove it has it. */
function heldFlow(flowId: string, booking = draft): PaymentFlowsState {
  let state = paymentFlowsReducer(initialFlowsState, {
    ...flowStarted(booking, T0),
    payload: { flowId, booking, at: T0 },
  });
  state = paymentFlowsReducer(state, bookingRequested({ flowId, at: T0 + 1 }));
  return paymentFlowsReducer(
    state,
    bookingCreated({
      flowId,
      bookingId: `bk_${flowId}`,
      payment: { paymentId: `pay_${flowId}`, seq: 1 },
      holdExpiresAt: T0 + 600_000,
      at: T0 + 2,
    }),
  );
}

const copyOf = (state: PaymentFlowsState, flowId: string): PersistedFlow => {
  const flow = flowByIdIn(state, flowId);
  if (!flow) throw new Error(`no ${flowId}`);
  return toPersistedFlow(flow);
};

function mirror(state: PaymentFlowsState, ...flows: PersistedFlow[]): PaymentFlowsState {
  const after = paymentFlowsReducer(state, flowsMirrored({ flows, at: T0 + 100 }));
  expect(breach(state, after)).toBeUndefined();
  return after;
}

/** The driving tab's copy after the server said processing (seq 2). */
function processingCopy(flowId: string): PersistedFlow {
  const driven = paymentFlowsReducer(
    heldFlow(flowId),
    paymentStatusesReceived({
      updates: [{ paymentId: `pay_${flowId}`, status: 'processing', seq: 2, occurredAt: T0 + 10 }],
      at: T0 + 10,
    }),
  );
  return copyOf(driven, flowId);
}

describe('another tab’s copy of a flow (flowsMirrored)', () => {
  it('a flow this tab did not hold is added, and found by its booking, payment and draft', () => {
    const state = mirror(initialFlowsState, copyOf(heldFlow('f1'), 'f1'));
    expect(flowByIdIn(state, 'f1')?.status).toBe('awaitingPayment');
    expect(indexEntry(state.flowIdByBookingId, 'bk_f1')).toBe('f1');
    expect(indexEntry(state.flowIdByPaymentId, 'pay_f1')).toBe('f1');
    expect(indexEntry(state.flowIdByDraftKey, draftKey(draft))).toBe('f1');
  });

  it('a copy that has seen more of the server replaces ours; an older one changes nothing', () => {
    const local = heldFlow('f1');
    const newer = mirror(local, processingCopy('f1'));
    expect(flowByIdIn(newer, 'f1')).toMatchObject({ status: 'processing', serverSeq: 2 });
    const older = mirror(newer, copyOf(local, 'f1'));
    expect(older).toBe(newer);
  });

  it('a flow finished here never moves again', () => {
    const local = paymentFlowsReducer(
      heldFlow('f1'),
      paymentStatusesReceived({
        updates: [{ paymentId: 'pay_f1', status: 'succeeded', seq: 3, occurredAt: T0 + 20 }],
        at: T0 + 20,
      }),
    );
    const copy = { ...processingCopy('f1'), serverSeq: 9, updatedAt: T0 + 99 };
    expect(mirror(local, copy)).toBe(local);
  });

  it('a copy the driving tab finished on the same server news wins over a step taken here', () => {
    const local = paymentFlowsReducer(
      heldFlow('f1'),
      paymentSubmitted({ flowId: 'f1', paymentMethodId: 'pm_card_visa', at: T0 + 50 }),
    );
    expect(flowByIdIn(local, 'f1')?.status).toBe('confirmingPayment');
    // Expired there a moment earlier: the same seq, an older time, a status not further along.
    const expired = { ...copyOf(heldFlow('f1'), 'f1'), status: 'expired' as const };

    expect(flowByIdIn(mirror(local, { ...expired, updatedAt: T0 + 40 }), 'f1')?.status).toBe(
      'expired',
    );
  });

  it('a finished copy that has seen less of the server than ours changes nothing', () => {
    const local = mirror(heldFlow('f1'), processingCopy('f1'));
    const expired = { ...copyOf(heldFlow('f1'), 'f1'), status: 'expired' as const };

    expect(mirror(local, { ...expired, updatedAt: T0 + 200 })).toBe(local);
  });

  it('a copy naming another booking is not this flow: ignored, with a warning', () => {
    const local = heldFlow('f1');
    const after = mirror(local, { ...processingCopy('f1'), bookingId: 'bk_other' });
    expect(flowByIdIn(after, 'f1')?.status).toBe('awaitingPayment');
    expect(after.diagnostics.warnings.at(-1)?.message).toMatch(/other server ids/);
  });

  it('a finished flow this tab never held is not added', () => {
    const copy = { ...processingCopy('f1'), status: 'succeeded' as const };
    expect(mirror(initialFlowsState, copy)).toBe(initialFlowsState);
  });

  it('our flow still a draft gives way to another tab’s flow for the same booking draft', () => {
    const local = paymentFlowsReducer(initialFlowsState, {
      ...flowStarted(draft, T0),
      payload: { flowId: 'mine', booking: draft, at: T0 },
    });
    const after = mirror(local, copyOf(heldFlow('theirs'), 'theirs'));
    expect(flowByIdIn(after, 'mine')).toBeUndefined();
    expect(indexEntry(after.flowIdByDraftKey, draftKey(draft))).toBe('theirs');
    expect(after.diagnostics.duplicateStartsIgnored).toBe(1);
  });

  it('our flow under way for the same booking draft is kept, and theirs left out with a warning', () => {
    const local = heldFlow('mine');
    const after = mirror(local, copyOf(heldFlow('theirs'), 'theirs'));
    expect(flowByIdIn(after, 'theirs')).toBeUndefined();
    expect(indexEntry(after.flowIdByDraftKey, draftKey(draft))).toBe('mine');
    expect(after.diagnostics.warnings.at(-1)?.message).toMatch(
      /under way for the same booking draft/,
    );
  });

  it('a copy that is not a stored flow is refused by the guard, the state unchanged', () => {
    const local = heldFlow('f1');
    const bad = { ...processingCopy('f1'), status: 'paid' } as unknown as PersistedFlow;
    const after = paymentFlowsReducer(local, flowsMirrored({ flows: [bad], at: T0 }));
    expect(flowByIdIn(after, 'f1')?.status).toBe('awaitingPayment');
    expect(after.diagnostics.warnings.length).toBeGreaterThan(local.diagnostics.warnings.length);
  });
});
