import { createNextState } from '@reduxjs/toolkit';
import { setAutoFreeze } from 'immer';
import { leafPathOf } from '../../src/payments/hashTrie';
import { draftKey, flowByIdIn, indexEntry } from '../../src/payments/flowState';
import {
  bookingCreated,
  bookingFailed,
  bookingRequested,
  flowsMirrored,
  flowsRetired,
  flowStarted,
  holdExpired,
  initialFlowsState,
  paymentFlowsReducer,
  paymentStatusesReceived,
  paymentSubmitted,
  subscriptionsRefused,
} from '../../src/payments/paymentFlowsSlice';
import { toPersistedFlow, type PersistedFlow } from '../../src/payments/persistence/flowRecord';
import { breach } from '../helpers/flowStateInvariants';
import { LINKED_T0 as T0, linkedFlows } from '../helpers/linkedFlows';

const booking = (n: number) => ({
  resourceId: `room-x${n}`,
  start: T0 + n * 3_600_000,
  durationMinutes: 60,
  bookingType: 'FIRM' as const,
});

function heldCopy(flowId: string, n: number): PersistedFlow {
  let s = paymentFlowsReducer(initialFlowsState, {
    ...flowStarted(booking(n), T0),
    payload: { flowId, booking: booking(n), at: T0 },
  });
  s = paymentFlowsReducer(s, bookingRequested({ flowId, at: T0 + 1 }));
  s = paymentFlowsReducer(
    s,
    bookingCreated({
      flowId,
      bookingId: `bk_${flowId}`,
      payment: { paymentId: `pay_${flowId}`, seq: 1 },
      at: T0 + 2,
    }),
  );
  const flow = flowByIdIn(s, flowId);
  if (!flow) throw new Error('no flow');
  return toPersistedFlow(flow);
}

describe('a one-flow copy path, then the draft path, in one Immer pass (issue 11 review)', () => {
  test('flowsMirrored adds another tab’s flow to a state that already holds flows', () => {
    const { state } = linkedFlows(100);
    const copy = heldCopy('0f0f0f0f-0000-4000-8000-000000000001', 1);
    const after = paymentFlowsReducer(state, flowsMirrored({ flows: [copy], at: T0 + 100 }));
    expect(flowByIdIn(after, copy.flowId)?.status).toBe('awaitingPayment');
    expect(indexEntry(after.flowIdByPaymentId, copy.paymentId ?? '')).toBe(copy.flowId);
    expect(indexEntry(after.flowIdByDraftKey, draftKey(copy.booking))).toBe(copy.flowId);
    expect(breach(state, after)).toBeUndefined();
  });

  test('one pass: flowStarted then bookingFailed of the same new flow', () => {
    const { state } = linkedFlows(100);
    const started = flowStarted(booking(2), T0);
    const { flowId } = started.payload;
    const after = createNextState(state, (d) => {
      paymentFlowsReducer(d, started);
      paymentFlowsReducer(d, bookingRequested({ flowId, at: T0 + 1 }));
      paymentFlowsReducer(
        d,
        bookingFailed({ flowId, at: T0 + 2, error: { code: 'x', message: 'x', retriable: false } }),
      );
    });
    expect(flowByIdIn(after, flowId)?.status).toBe('failed');
    expect(indexEntry(after.flowIdByDraftKey, draftKey(booking(2)))).toBeUndefined();
    expect(breach(state, after)).toBeUndefined();
    for (const object of everyObjectIn(after)) expect(Object.isFrozen(object)).toBe(true);
  });

  test('one pass: a withFlow change then subscriptionsRefused of the same flow', () => {
    const { state, flowIds } = linkedFlows(100);
    const flowId = flowIds[7] ?? '';
    const after = createNextState(state, (d) => {
      paymentFlowsReducer(d, paymentSubmitted({ flowId, at: T0 + 2, paymentMethodId: 'pm_1' }));
      paymentFlowsReducer(d, subscriptionsRefused({ bookingIds: ['bk_7'], at: T0 + 3 }));
    });
    const flow = flowByIdIn(after, flowId);
    expect(flow?.history.map(({ to }) => to).slice(-2)).toEqual([
      'confirmingPayment',
      flow?.status,
    ]);
    expect(flow?.status).not.toBe('confirmingPayment');
    expect(breach(state, after)).toBeUndefined();
    for (const object of everyObjectIn(after)) expect(Object.isFrozen(object)).toBe(true);
  });

  test('one pass: a withFlow change then flowsRetired of the same flow', () => {
    const { state, flowIds } = linkedFlows(100);
    const flowId = flowIds[9] ?? '';
    const after = createNextState(state, (d) => {
      paymentFlowsReducer(d, holdExpired({ flowId, at: T0 + 2 }));
      paymentFlowsReducer(d, flowsRetired({ flowIds: [flowId], at: T0 + 3 }));
    });
    expect(flowByIdIn(after, flowId)).toBeUndefined();
  });

  test('one pass: a status burst ends a flow, then flowsRetired of it', () => {
    const { state, flowIds } = linkedFlows(100);
    const flowId = flowIds[11] ?? '';
    const after = createNextState(state, (d) => {
      paymentFlowsReducer(
        d,
        paymentStatusesReceived({
          updates: [{ paymentId: 'pay_11', status: 'succeeded', seq: 2, occurredAt: T0 + 5 }],
          at: T0 + 5,
        }),
      );
      paymentFlowsReducer(d, flowsRetired({ flowIds: [flowId], at: T0 + 6 }));
    });
    expect(flowByIdIn(after, flowId)).toBeUndefined();
  });
});

describe('auto-freeze off, several actions in one pass', () => {
  test('a draft-path action after a copy-path one in the same pass leaves the old state as it was', () => {
    setAutoFreeze(false);
    try {
      const { state, flowIds } = linkedFlows(100);
      const [x, y] = sameMiddle(flowIds);
      const yBefore = JSON.stringify(flowByIdIn(state, y));
      const yFlow = flowByIdIn(state, y);
      if (!yFlow) throw new Error('no y');
      // Another tab's copy of y, further along (it saw seq 2: processing).
      const yCopy = toPersistedFlow({
        ...yFlow,
        status: 'processing',
        serverSeq: 2,
        updatedAt: T0 + 50,
      });
      const after = createNextState(state, (d) => {
        paymentFlowsReducer(d, paymentSubmitted({ flowId: x, at: T0 + 2, paymentMethodId: 'pm' }));
        paymentFlowsReducer(d, flowsMirrored({ flows: [yCopy], at: T0 + 50 }));
      });
      expect(JSON.stringify(flowByIdIn(state, y))).toBe(yBefore);
      expect(flowByIdIn(after, y)?.status).toBe('processing');
      expect(flowByIdIn(after, x)?.status).toBe('confirmingPayment');
    } finally {
      setAutoFreeze(true);
    }
  });
});

function everyObjectIn(value: unknown, seen = new Set<object>()): Set<object> {
  if (typeof value !== 'object' || value === null || seen.has(value)) return seen;
  seen.add(value);
  for (const child of Object.values(value)) everyObjectIn(child, seen);
  return seen;
}

function sameMiddle(flowIds: string[]): [string, string] {
  for (const x of flowIds) {
    const y = flowIds.find((id) => id !== x && leafPathOf(id)[0] === leafPathOf(x)[0]);
    if (y) return [x, y];
  }
  throw new Error('no two flows share a middle level');
}
