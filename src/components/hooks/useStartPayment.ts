import { useCallback } from 'react';
import { flowStarted } from '../../payments/paymentFlowsSlice';
import { selectActiveFlowIdForDraft } from '../../payments/selectors';
import type { BookingDraft } from '../../payments/types';
import { useAppDispatch, useAppStore } from './storeHooks';

/**
 * Starts a payment flow for a draft and returns the id of the flow now active for it. The
 * store absorbs a second start of the same draft, so a double click gets the first flow's id.
 */
export function useStartPayment(): (draft: BookingDraft) => string {
  const dispatch = useAppDispatch();
  const store = useAppStore();
  return useCallback(
    (draft: BookingDraft) => {
      const action = dispatch(flowStarted(draft, Date.now()));
      // Read after dispatch: the reducer decides which flow owns the draft.
      return selectActiveFlowIdForDraft(store.getState(), draft) ?? action.payload.flowId;
    },
    [dispatch, store],
  );
}
