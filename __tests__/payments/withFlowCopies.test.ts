import { createNextState, type UnknownAction } from '@reduxjs/toolkit';
import { setAutoFreeze } from 'immer';
import { flowByIdIn, sameFlow, type PaymentFlowsState } from '../../src/payments/flowState';
import { leafPathOf } from '../../src/payments/hashTrie';
import {
  bookingCreated,
  bookingFailed,
  bookingFoundExpired,
  bookingRequested,
  cancelRequested,
  confirmPrepared,
  flowCancelled,
  flowCrashed,
  flowStarted,
  flowTooOldToResume,
  holdExpired,
  paymentFailed,
  paymentFlowsReducer,
  paymentNotFound,
  paymentOutcomeUnknown,
  paymentStatusesReceived,
  paymentSubmitted,
  retryRequested,
  secondFlowFound,
} from '../../src/payments/paymentFlowsSlice';
import type { PaymentFlow } from '../../src/payments/types';
import { breach } from '../helpers/flowStateInvariants';
import { LINKED_T0 as T0, linkedFlows } from '../helpers/linkedFlows';

/**
 * `withFlow` changes a flow as a plain shallow copy (7d530d3), not as an Immer draft of its own:
 * whatever a `change` callback writes below the flow's own fields would land in objects the
 * previous state shares. These tests pin what the nested Immer pass guaranteed.
 */

const newDraft = (n: number) => ({
  resourceId: `room-w${n}`,
  start: T0 + n * 3_600_000,
  durationMinutes: 60,
  bookingType: 'FIRM' as const,
});

/** Every object reachable from `value`. */
function everyObjectIn(value: unknown, seen = new Set<object>()): Set<object> {
  if (typeof value !== 'object' || value === null || seen.has(value)) return seen;
  seen.add(value);
  for (const child of Object.values(value)) everyObjectIn(child, seen);
  return seen;
}

/**
 * The state as text, own keys whose value is `undefined` included (`toEqual` and JSON both drop
 * them, and `error: undefined` written into a shared flow is a mutation too).
 */
function snapshot(value: unknown, path = '', out: string[] = []): string[] {
  if (typeof value !== 'object' || value === null) {
    out.push(`${path}=${String(value)}`);
    return out;
  }
  out.push(`${path}:${Array.isArray(value) ? 'array' : 'object'}`);
  for (const key of Object.keys(value)) {
    snapshot((value as Record<string, unknown>)[key], `${path}.${key}`, out);
  }
  return out;
}

/** Two flows whose paths share the trie's first level, so one's copy path holds the other's. */
function sameMiddle(flowIds: readonly string[]): [string, string] {
  for (const x of flowIds) {
    const y = flowIds.find((id) => id !== x && leafPathOf(id)[0] === leafPathOf(x)[0]);
    if (y) return [x, y];
  }
  throw new Error('no two flows share a middle level');
}

const error = (code: string, retriable = false) => ({
  code,
  message: `${code} message`,
  retriable,
});

/**
 * One action of every case reducer that goes through `withFlow`, in an order where each one
 * changes its flow (checked by `expectChanged`), over linked flows (awaitingPayment, seq 1,
 * `pay_<i>`) and two new ones.
 */
function script(flowIds: readonly string[]): { action: UnknownAction; flowId: string }[] {
  const id = (i: number) => flowIds[i] ?? '';
  const started = flowStarted(newDraft(1), T0 + 10);
  const g = started.payload.flowId;
  const started2 = flowStarted(newDraft(2), T0 + 10);
  const h = started2.payload.flowId;
  const a = id(3);
  return [
    { flowId: g, action: started },
    { flowId: g, action: bookingRequested({ flowId: g, at: T0 + 11 }) },
    { flowId: g, action: bookingFailed({ flowId: g, at: T0 + 12, error: error('booking', true) }) },
    { flowId: g, action: flowTooOldToResume({ flowId: g, at: T0 + 13 }) },
    { flowId: h, action: started2 },
    { flowId: h, action: bookingRequested({ flowId: h, at: T0 + 11 }) },
    {
      flowId: h,
      action: bookingCreated({
        flowId: h,
        at: T0 + 12,
        bookingId: 'bk_w2',
        payment: { paymentId: 'pay_w2', seq: 1 },
        amount: { value: 4200, currency: 'EUR' },
        holdExpiresAt: T0 + 600_000,
      }),
    },
    { flowId: h, action: holdExpired({ flowId: h, at: T0 + 13 }) },
    { flowId: a, action: paymentSubmitted({ flowId: a, at: T0 + 20, paymentMethodId: 'pm_1' }) },
    { flowId: a, action: confirmPrepared({ flowId: a, at: T0 + 21, returnPath: '/back' }) },
    {
      flowId: a,
      action: paymentStatusesReceived({
        updates: [
          {
            paymentId: 'pay_3',
            status: 'requiresAction',
            seq: 2,
            occurredAt: T0 + 22,
            nextAction: { type: 'redirectToUrl', url: 'https://acs.example/3ds' },
          },
        ],
        at: T0 + 22,
      }),
    },
    {
      flowId: a,
      action: paymentFailed({ flowId: a, at: T0 + 23, error: error('declined', true) }),
    },
    { flowId: a, action: retryRequested({ flowId: a, at: T0 + 24 }) },
    { flowId: a, action: paymentSubmitted({ flowId: a, at: T0 + 25, paymentMethodId: 'pm_2' }) },
    { flowId: a, action: paymentOutcomeUnknown({ flowId: a, at: T0 + 26, reason: 'timeout' }) },
    { flowId: id(4), action: cancelRequested({ flowId: id(4), at: T0 + 30 }) },
    { flowId: id(4), action: flowCancelled({ flowId: id(4), at: T0 + 31 }) },
    { flowId: id(5), action: cancelRequested({ flowId: id(5), at: T0 + 30 }) },
    { flowId: id(5), action: bookingFoundExpired({ flowId: id(5), at: T0 + 31 }) },
    { flowId: id(6), action: flowCrashed({ flowId: id(6), at: T0 + 30, message: 'boom' }) },
    { flowId: id(7), action: paymentNotFound({ flowId: id(7), at: T0 + 30 }) },
    {
      flowId: id(8),
      // Beside a draft's flow this store does not hold: cancelled as a second flow.
      action: secondFlowFound({
        flowId: id(8),
        at: T0 + 30,
        draftFlowId: '00000000-0000-4000-8000-00000000dead',
      }),
    },
    { flowId: id(9), action: flowTooOldToResume({ flowId: id(9), at: T0 + 30 }) },
  ];
}

const STATUSES_AFTER_SCRIPT: Record<number, PaymentFlow['status']> = {
  3: 'reconciling',
  4: 'cancelled',
  5: 'expired',
  6: 'failed',
  7: 'failed',
  8: 'cancelling',
  9: 'failed',
};

function expectChanged(before: PaymentFlowsState, after: PaymentFlowsState, flowId: string) {
  const was = flowByIdIn(before, flowId);
  const now = flowByIdIn(after, flowId);
  expect(now).toBeDefined();
  expect(now).not.toBe(was);
  if (was) expect(now?.updatedAt).not.toBe(was.updatedAt);
}

describe('withFlow changes a flow as a plain copy (7d530d3 review)', () => {
  test('auto-freeze on: every object each withFlow action puts in the state is deep-frozen', () => {
    const { state: start, flowIds } = linkedFlows(60);
    const steps = script(flowIds);
    let state = start;
    for (const { action, flowId } of steps) {
      const next = paymentFlowsReducer(state, action);
      expectChanged(state, next, flowId);
      expect(breach(state, next)).toBeUndefined();
      for (const object of everyObjectIn(next)) {
        if (!Object.isFrozen(object)) {
          throw new Error(`${action.type}: ${JSON.stringify(object).slice(0, 120)} is not frozen`);
        }
      }
      state = next;
    }
    const failedBooking = flowByIdIn(state, steps[0]?.flowId ?? '');
    expect(failedBooking?.error?.code).toBe('flow_too_old');
    const withAmount = flowByIdIn(state, steps[4]?.flowId ?? '');
    expect(withAmount).toMatchObject({ status: 'expired', amount: { value: 4200 } });
    // The payload's own objects: what the reducer kept from the action is frozen with the flow.
    expect(Object.isFrozen(withAmount?.amount)).toBe(true);
    for (const [index, status] of Object.entries(STATUSES_AFTER_SCRIPT)) {
      expect([index, flowByIdIn(state, flowIds[Number(index)] ?? '')?.status]).toEqual([
        index,
        status,
      ]);
    }
  });

  test('auto-freeze off: no withFlow action changes any object of the state before it', () => {
    setAutoFreeze(false);
    try {
      const { state: start, flowIds } = linkedFlows(60);
      let state = start;
      for (const { action, flowId } of script(flowIds)) {
        const before = snapshot(state);
        const flowBefore = flowByIdIn(state, flowId);
        const historyBefore = flowBefore?.history;
        const historyLength = historyBefore?.length;
        const next = paymentFlowsReducer(state, action);
        expectChanged(state, next, flowId);
        expect([action.type, snapshot(state)]).toEqual([action.type, before]);
        // The history array itself, not only its text: a push into it is a shared mutation.
        expect(historyBefore?.length).toBe(historyLength);
        if (flowByIdIn(next, flowId)?.status !== flowBefore?.status && historyBefore) {
          expect(flowByIdIn(next, flowId)?.history).not.toBe(historyBefore);
        }
        expect(Object.isFrozen(flowByIdIn(next, flowId))).toBe(false);
        state = next;
      }
      for (const [index, status] of Object.entries(STATUSES_AFTER_SCRIPT)) {
        expect(flowByIdIn(state, flowIds[Number(index)] ?? '')?.status).toBe(status);
      }
    } finally {
      setAutoFreeze(true);
    }
  });

  test('one Immer pass of the whole script gives what one pass each gives, and changes nothing before it', () => {
    for (const autoFreeze of [true, false]) {
      setAutoFreeze(autoFreeze);
      try {
        const { state: start, flowIds } = linkedFlows(60);
        const steps = script(flowIds);
        const before = snapshot(start);
        const oneEach = steps.reduce((s, { action }) => paymentFlowsReducer(s, action), start);
        const batched = createNextState(start, (draft) => {
          for (const { action } of steps) paymentFlowsReducer(draft, action);
        });
        expect(snapshot(start)).toEqual(before);
        expect(snapshot(batched)).toEqual(snapshot(oneEach));
        expect(breach(start, batched)).toBeUndefined();
        if (autoFreeze) {
          for (const object of everyObjectIn(batched)) expect(Object.isFrozen(object)).toBe(true);
        }
      } finally {
        setAutoFreeze(true);
      }
    }
  });

  test('one pass: two flows sharing a trie level, each changed twice, leave the first state as it was', () => {
    setAutoFreeze(false);
    try {
      const { state, flowIds } = linkedFlows(100);
      const [x, y] = sameMiddle(flowIds);
      const before = snapshot(state);
      const after = createNextState(state, (draft) => {
        paymentFlowsReducer(
          draft,
          paymentSubmitted({ flowId: x, at: T0 + 2, paymentMethodId: 'p' }),
        );
        paymentFlowsReducer(draft, cancelRequested({ flowId: y, at: T0 + 2 }));
        paymentFlowsReducer(draft, paymentOutcomeUnknown({ flowId: x, at: T0 + 3, reason: 'r' }));
        paymentFlowsReducer(draft, flowCancelled({ flowId: y, at: T0 + 3 }));
      });
      expect(snapshot(state)).toEqual(before);
      expect(flowByIdIn(after, x)?.history.map(({ to }) => to)).toEqual([
        'creatingBooking',
        'awaitingPayment',
        'confirmingPayment',
        'reconciling',
      ]);
      expect(flowByIdIn(after, y)?.status).toBe('cancelled');
      expect(breach(state, after)).toBeUndefined();
    } finally {
      setAutoFreeze(true);
    }
  });

  test('an action that changes no flow field leaves the flow, its maps and (with nothing recorded) the state the same objects', () => {
    const { state, flowIds } = linkedFlows(30);
    const flowId = flowIds[2] ?? '';
    // Not confirming: confirmPrepared does nothing and records nothing.
    const untouched = paymentFlowsReducer(
      state,
      confirmPrepared({ flowId, at: T0 + 5, returnPath: '/back' }),
    );
    expect(untouched).toBe(state);
    // Not beside another flow: secondFlowFound does nothing and records nothing.
    const notBeside = paymentFlowsReducer(
      state,
      secondFlowFound({ flowId, at: T0 + 5, draftFlowId: flowId }),
    );
    expect(notBeside).toBe(state);
    // A refusal records a warning only: the flow and the flow trie stay the same objects.
    const refused = paymentFlowsReducer(state, bookingRequested({ flowId, at: T0 + 5 }));
    expect(refused).not.toBe(state);
    expect(refused.diagnostics.warnings).toHaveLength(state.diagnostics.warnings.length + 1);
    expect(refused.flows).toBe(state.flows);
    expect(flowByIdIn(refused, flowId)).toBe(flowByIdIn(state, flowId));
  });

  test('sameFlow calls a flow unchanged exactly as Immer would', () => {
    const { state, flowIds } = linkedFlows(5);
    const flow = flowByIdIn(state, flowIds[1] ?? '');
    if (!flow) throw new Error('no flow');
    const unchangedByImmer = (change: (draft: PaymentFlow) => void) =>
      createNextState(flow, change) === flow;
    const cases: [string, (draft: PaymentFlow) => void][] = [
      ['nothing written', () => undefined],
      ['a field written with its own value', (d) => void (d.status = flow.status)],
      ['an absent field written as undefined', (d) => void (d.returnPath = undefined)],
      ['updatedAt moved', (d) => void (d.updatedAt += 1)],
      ['a present field written as undefined', (d) => void (d.bookingId = undefined)],
      ['a nested part replaced by an equal copy', (d) => void (d.booking = { ...flow.booking })],
    ];
    expect(Object.hasOwn(flow, 'returnPath')).toBe(false);
    // Only the first two are no change to Immer: a new key, even undefined, is one.
    expect(cases.map(([, change]) => unchangedByImmer(change))).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    for (const [name, change] of cases) {
      const copy = { ...flow };
      change(copy);
      expect([name, sameFlow(flow, copy)]).toEqual([name, unchangedByImmer(change)]);
    }
    // Same number of keys, one swapped for another: a change, though the count matches.
    const swapped: PaymentFlow = { ...flow, paymentMethodId: undefined };
    delete swapped.bookingId;
    expect(Object.keys(swapped)).toHaveLength(Object.keys(flow).length);
    expect(sameFlow(flow, swapped)).toBe(false);
  });
});
