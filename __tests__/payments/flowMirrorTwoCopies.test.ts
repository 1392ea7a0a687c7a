import { draftKey, flowByIdIn, indexEntry } from '../../src/payments/flowState';
import { leafPathOf } from '../../src/payments/hashTrie';
import {
  bookingCreated,
  bookingRequested,
  flowsMirrored,
  flowStarted,
  paymentFlowsReducer,
} from '../../src/payments/paymentFlowsSlice';
import { toPersistedFlow } from '../../src/payments/persistence/flowRecord';
import type { BookingDraft } from '../../src/payments/types';
import { breach } from '../helpers/flowStateInvariants';
import { LINKED_T0 as T0, linkedFlows } from '../helpers/linkedFlows';

const bookingOf = (n: number): BookingDraft => ({
  resourceId: `room-m${n}`,
  start: T0 + n * 3_600_000,
  durationMinutes: 60,
  bookingType: 'FIRM',
});

test('one flowsMirrored with a new flow, then one that displaces a local draft', () => {
  // Two booking drafts whose draft keys share the index's first level.
  const first = bookingOf(0);
  let n = 1;
  while (leafPathOf(draftKey(bookingOf(n)))[0] !== leafPathOf(draftKey(first))[0]) n += 1;
  const second = bookingOf(n);

  const { state: base } = linkedFlows(50);
  // This tab has a draft flow for `second` (it asked the server nothing yet).
  const local = paymentFlowsReducer(base, flowStarted(second, T0 + 1));
  // Another tab holds flows for both drafts, under way.
  const held = (booking: BookingDraft, id: string) => {
    let s = paymentFlowsReducer(base, {
      ...flowStarted(booking, T0),
      payload: { flowId: id, booking, at: T0 },
    });
    s = paymentFlowsReducer(s, bookingRequested({ flowId: id, at: T0 + 2 }));
    s = paymentFlowsReducer(
      s,
      bookingCreated({
        flowId: id,
        bookingId: `bk_${id}`,
        payment: { paymentId: `pay_${id}`, seq: 1 },
        at: T0 + 3,
      }),
    );
    const flow = flowByIdIn(s, id);
    if (!flow) throw new Error('no flow');
    return toPersistedFlow(flow);
  };
  const a = held(first, '11111111-1111-4111-8111-111111111111');
  const b = held(second, '22222222-2222-4222-8222-222222222222');

  const after = paymentFlowsReducer(local, flowsMirrored({ flows: [a, b], at: T0 + 10 }));

  expect(indexEntry(after.flowIdByDraftKey, draftKey(first))).toBe(a.flowId);
  expect(indexEntry(after.flowIdByDraftKey, draftKey(second))).toBe(b.flowId);
  expect(breach(local, after)).toBeUndefined();
});
