import { flowByIdIn, indexEntry } from '../../src/payments/flowState';
import { flowsMirrored, paymentFlowsReducer } from '../../src/payments/paymentFlowsSlice';
import { toPersistedFlow } from '../../src/payments/persistence/flowRecord';
import { LINKED_T0 as T0, linkedFlows } from '../helpers/linkedFlows';

test('re-setting an index entry to the flow it already names keeps the index (as Immer would)', () => {
  const { state, flowIds } = linkedFlows(50);
  const flowId = flowIds[5] ?? '';
  const flow = flowByIdIn(state, flowId);
  if (!flow) throw new Error('no flow');
  // Another tab's copy of the same flow, further along: same booking and payment ids.
  const copy = toPersistedFlow({ ...flow, status: 'processing', serverSeq: 2, updatedAt: T0 + 50 });
  const after = paymentFlowsReducer(state, flowsMirrored({ flows: [copy], at: T0 + 50 }));
  expect(flowByIdIn(after, flowId)?.status).toBe('processing');
  expect(indexEntry(after.flowIdByPaymentId, 'pay_5')).toBe(flowId);
  expect(after.flowIdByBookingId).toBe(state.flowIdByBookingId);
  expect(after.flowIdByPaymentId).toBe(state.flowIdByPaymentId);
});
