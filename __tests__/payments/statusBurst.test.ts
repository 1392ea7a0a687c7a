import { createNextState } from '@reduxjs/toolkit';
import { setAutoFreeze } from 'immer';
import { flowByIdIn, type PaymentFlowsState } from '../../src/payments/flowState';
import { HISTORY_LIMIT } from '../../src/payments/flowTransitions';
import { peekLeaf } from '../../src/payments/hashTrie';
import { paymentFlowsReducer, paymentStatusesReceived } from '../../src/payments/paymentFlowsSlice';
import type { PaymentStatusUpdate } from '../../src/payments/types';
import { breach } from '../helpers/flowStateInvariants';
import { linkedFlows } from '../helpers/linkedFlows';

const AT = 5_000;
const failure = { code: 'card_declined', message: 'Declined.', retriable: false };
const redirect = { type: 'redirectToUrl' as const, url: 'https://bank.example/3ds' };

/** Every path of a status update, several per payment, interleaved across flows. */
const burst: PaymentStatusUpdate[] = [
  { paymentId: 'pay_0', status: 'processing', seq: 2, occurredAt: 1 },
  { paymentId: 'pay_1', status: 'requiresAction', seq: 2, occurredAt: 1, nextAction: redirect },
  { paymentId: 'pay_0', status: 'processing', seq: 2, occurredAt: 1 },
  { paymentId: 'pay_9', bookingId: 'bk_other', status: 'processing', seq: 5, occurredAt: 1 },
  { paymentId: 'pay_unknown', status: 'processing', seq: 2, occurredAt: 1 },
  { paymentId: 'pay_2', status: 'failed', seq: 2, occurredAt: 1, failure },
  { paymentId: 'pay_2', status: 'processing', seq: 3, occurredAt: 1 },
  { paymentId: 'pay_0', status: 'processing', seq: 3, occurredAt: 1 },
  { paymentId: 'pay_3', status: 'processing', seq: 1, occurredAt: 1 },
  { paymentId: 'pay_1', status: 'succeeded', seq: 3, occurredAt: 1 },
  { paymentId: 'pay_4', status: 'awaitingPayment', seq: 2, occurredAt: 1 },
];

function oneAtATime(state: PaymentFlowsState, updates: PaymentStatusUpdate[]) {
  return updates.reduce(
    (next, update) =>
      paymentFlowsReducer(next, paymentStatusesReceived({ updates: [update], at: AT })),
    state,
  );
}

const inOneAction = (state: PaymentFlowsState, updates: PaymentStatusUpdate[]) =>
  paymentFlowsReducer(state, paymentStatusesReceived({ updates, at: AT }));

describe('a burst of status updates in one action (issue 11)', () => {
  it('ends as the same updates one action at a time, warnings in the same order', () => {
    const { state } = linkedFlows(12);

    const after = inOneAction(state, burst);

    expect(after).toEqual(oneAtATime(state, burst));
    expect(after.diagnostics.warnings.length).toBeGreaterThan(0);
    expect(breach(state, after)).toBeUndefined();
  });

  it('keeps every flow it did not change, even one it named', () => {
    const { state, flowIds } = linkedFlows(12);
    const stale = { paymentId: 'pay_3', status: 'processing' as const, seq: 1, occurredAt: 1 };

    const after = inOneAction(state, [...burst, stale]);

    for (const index of [3, 5, 11]) {
      const flowId = flowIds[index] ?? '';
      expect(flowByIdIn(after, flowId)).toBe(flowByIdIn(state, flowId));
    }
    expect(flowByIdIn(after, flowIds[0] ?? '')).not.toBe(flowByIdIn(state, flowIds[0] ?? ''));
  });

  it('keeps the history of a flow whose status did not move, as Immer would', () => {
    const { state, flowIds } = linkedFlows(3);
    const moved = inOneAction(state, burst.slice(0, 1));
    const flowId = flowIds[0] ?? '';

    const after = inOneAction(moved, burst.slice(7, 8));

    expect(flowByIdIn(after, flowId)?.serverSeq).toBe(3);
    expect(flowByIdIn(after, flowId)?.history).toBe(flowByIdIn(moved, flowId)?.history);
  });

  it('moves a flow past the history limit in one burst: the newest entries, frozen, the old state untouched', () => {
    const { state, flowIds } = linkedFlows(2);
    const flowId = flowIds[0] ?? '';
    const moves = Array.from({ length: HISTORY_LIMIT + 5 }, (_unused, index) => ({
      paymentId: 'pay_0',
      status: index % 2 === 0 ? ('processing' as const) : ('failed' as const),
      seq: 2 + index,
      occurredAt: 1,
      ...(index % 2 === 0 ? {} : { failure: { ...failure, retriable: true } }),
    }));
    const historyBefore = flowByIdIn(state, flowId)?.history;

    const after = inOneAction(state, moves);

    const history = flowByIdIn(after, flowId)?.history ?? [];
    expect(history).toHaveLength(HISTORY_LIMIT);
    expect(history.at(-1)?.serverSeq).toBe(moves.length + 1);
    expect(history).toEqual(flowByIdIn(oneAtATime(state, moves), flowId)?.history);
    expect(Object.isFrozen(history)).toBe(true);
    expect(Object.isFrozen(history.at(-1))).toBe(true);
    expect(Object.isFrozen(flowByIdIn(after, flowId)?.error)).toBe(true);
    const leaf = peekLeaf(after.flows, flowId);
    expect(Object.isFrozen(leaf)).toBe(true);
    expect(Object.isFrozen(leaf?.entities)).toBe(true);
    expect(Object.getPrototypeOf(leaf?.entities)).toBe(Object.prototype);
    expect(Object.keys(leaf?.entities ?? {}).sort()).toEqual([...(leaf?.ids ?? [])].sort());
    expect(flowByIdIn(state, flowId)?.history).toBe(historyBefore);
    expect(historyBefore).toHaveLength(2);
  });

  it('changes a flow an earlier action of the same Immer pass already drafted', () => {
    const { state } = linkedFlows(12);
    const first = burst.slice(0, 4);
    const rest = burst.slice(4);

    const after = createNextState(state, (draft) => {
      paymentFlowsReducer(draft, paymentStatusesReceived({ updates: first, at: AT }));
      paymentFlowsReducer(draft, paymentStatusesReceived({ updates: rest, at: AT }));
    });

    expect(after).toEqual(oneAtATime(state, burst));
  });

  it('freezes the flows it changes as Immer would, and not when the host turned that off', () => {
    const linked = linkedFlows(12);
    const failed = flowByIdIn(inOneAction(linked.state, burst), linked.flowIds[2] ?? '');
    setAutoFreeze(false);
    try {
      const { state, flowIds } = linkedFlows(12);
      const flow = flowByIdIn(inOneAction(state, burst), flowIds[2] ?? '');

      expect(flow?.status).toBe('failed');
      expect(Object.isFrozen(flow)).toBe(false);
      expect(Object.isFrozen(flow?.history)).toBe(false);
    } finally {
      setAutoFreeze(true);
    }
    expect(failed?.status).toBe('failed');
    expect(Object.isFrozen(failed)).toBe(true);
    expect(Object.isFrozen(failed?.history.at(-1))).toBe(true);
    expect(Object.isFrozen(failed?.error)).toBe(true);
  });
});
