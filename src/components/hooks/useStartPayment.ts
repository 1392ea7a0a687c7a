import { useCallback } from 'react';
import { flowStarted } from '../../payments/paymentFlowsSlice.js';
import { selectActiveFlowIdForDraft } from '../../payments/selectors.js';
import type { BookingDraft } from '../../payments/types.js';
import { usePaymentsDispatch, usePaymentsStore } from './storeHooks.js';

/**
 * Starts a payment flow for a draft and returns the id of the flow now active for it. The
 * store absorbs a second start of the same draft, so a double click gets the first flow's id.
 */
export function useStartPayment(): (draft: BookingDraft) => string {
  const dispatch = usePaymentsDispatch();
  const store = usePaymentsStore();
  return useCallback(
    (draft: BookingDraft) => {
      const action = dispatch(flowStarted(draft, Date.now()));
      // Read after dispatch: the reducer decides which flow owns the draft.
      return selectActiveFlowIdForDraft(store.getState(), draft) ?? action.payload.flowId;
    },
    [dispatch, store],
  );
}
