import { createNextState } from '@reduxjs/toolkit';
import { setAutoFreeze } from 'immer';
import { flowByIdIn, indexEntry, type PaymentFlowsState } from '../../src/payments/flowState';
import { leavesOf } from '../../src/payments/hashTrie';
import {
  bookingCreated,
  bookingRequested,
  flowStarted,
  paymentFlowsReducer,
} from '../../src/payments/paymentFlowsSlice';
import { breach } from '../helpers/flowStateInvariants';
import { LINKED_T0 as T0, linkedFlows } from '../helpers/linkedFlows';

const draft = {
  resourceId: 'room-new',
  start: T0,
  durationMinutes: 60,
  bookingType: 'FIRM' as const,
};

/** A new flow through the three creation actions, one reducer pass each, as the store runs them. */
function createOne(state: PaymentFlowsState) {
  const started = flowStarted(draft, T0);
  const { flowId } = started.payload;
  const states = [state];
  for (const action of [
    started,
    bookingRequested({ flowId, at: T0 + 1 }),
    bookingCreated({
      flowId,
      at: T0 + 2,
      bookingId: 'bk_new',
      payment: { paymentId: 'pay_new', seq: 1 },
      amount: { value: 5000, currency: 'EUR' },
      holdExpiresAt: T0 + 600_000,
    }),
  ]) {
    states.push(paymentFlowsReducer(states.at(-1) ?? state, action));
  }
  return { flowId, states };
}

function everyObjectIn(value: unknown, seen = new Set<object>()): Set<object> {
  if (typeof value !== 'object' || value === null || seen.has(value)) return seen;
  seen.add(value);
  for (const child of Object.values(value)) everyObjectIn(child, seen);
  return seen;
}

describe('creating a flow copies only its own paths (issue 11)', () => {
  test('each creation action leaves a deep-frozen state, sharing every other flow and leaf', () => {
    const { state: before, flowIds } = linkedFlows(300);
    const { flowId, states } = createOne(before);
    const after = states.at(-1) ?? before;

    for (const object of everyObjectIn(after)) expect(Object.isFrozen(object)).toBe(true);
    for (let step = 1; step < states.length; step += 1) {
      expect(breach(states[step - 1] ?? before, states[step] ?? before)).toBeUndefined();
    }
    const flow = flowByIdIn(after, flowId);
    expect(flow).toMatchObject({
      status: 'awaitingPayment',
      bookingId: 'bk_new',
      paymentId: 'pay_new',
      holdExpiresAt: T0 + 600_000,
      serverSeq: 1,
    });
    expect(flow?.history.map(({ from, to }) => `${from}->${to}`)).toEqual([
      'draft->creatingBooking',
      'creatingBooking->awaitingPayment',
    ]);
    expect(indexEntry(after.flowIdByBookingId, 'bk_new')).toBe(flowId);
    expect(indexEntry(after.flowIdByPaymentId, 'pay_new')).toBe(flowId);
    for (const id of flowIds) expect(flowByIdIn(after, id)).toBe(flowByIdIn(before, id));
    const changed = leavesOf(after.flows).filter((leaf) => !leavesOf(before.flows).includes(leaf));
    expect(changed).toHaveLength(1);
  });

  test('a refused action keeps the flow and every map as the same objects', () => {
    const { flowId, states } = createOne(linkedFlows(50).state);
    const created = states.at(-1) ?? states[0];
    if (!created) throw new Error('no state');

    const refused = paymentFlowsReducer(created, bookingRequested({ flowId, at: T0 + 3 }));

    expect(refused.diagnostics.illegalTransitions).toBe(created.diagnostics.illegalTransitions + 1);
    expect(refused.flows).toBe(created.flows);
    expect(refused.flowIdByBookingId).toBe(created.flowIdByBookingId);
    expect(flowByIdIn(refused, flowId)).toBe(flowByIdIn(created, flowId));
  });

  test('several actions in one draft (a host batching them) give what one pass each gives', () => {
    const { state: before } = linkedFlows(100);
    const { flowId, states } = createOne(before);
    const oneEach = states.at(-1);

    const batched = createNextState(before, (state) => {
      for (const action of [
        flowStarted(draft, T0),
        bookingRequested({ flowId, at: T0 + 1 }),
        bookingRequested({ flowId, at: T0 + 1 }),
      ]) {
        const named = 'booking' in action.payload ? { ...action.payload, flowId } : action.payload;
        paymentFlowsReducer(state, { ...action, payload: named });
      }
    });

    expect(flowByIdIn(batched, flowId)?.status).toBe('creatingBooking');
    expect(flowByIdIn(batched, flowId)?.history).toHaveLength(1);
    expect(batched.diagnostics.illegalTransitions).toBe(before.diagnostics.illegalTransitions + 1);
    expect(oneEach && flowByIdIn(oneEach, flowId)?.status).toBe('awaitingPayment');
  });

  test('with auto-freeze off (a host’s setting), nothing is frozen and the flow is created', () => {
    setAutoFreeze(false);
    try {
      const { state: before } = linkedFlows(40);
      const { flowId, states } = createOne(before);
      const after = states.at(-1) ?? before;

      expect(flowByIdIn(after, flowId)?.status).toBe('awaitingPayment');
      expect(Object.isFrozen(flowByIdIn(after, flowId))).toBe(false);
      expect(Object.isFrozen(after.flows)).toBe(false);
    } finally {
      setAutoFreeze(true);
    }
  });
});
