import { useCallback, useEffect } from 'react';
import {
  cancelRequested,
  paymentSubmitted,
  redirectRequested,
  retryRequested,
} from '../../payments/paymentFlowsSlice.js';
import { selectFlowById } from '../../payments/selectors.js';
import { flowUnwatched, flowWatched } from '../../payments/socket/connectionSlice.js';
import type { PaymentFlow } from '../../payments/types.js';
import { usePaymentsDispatch, usePaymentsSelector } from './storeHooks.js';

export interface PaymentFlowHandle {
  /** Undefined when the store holds no flow with this id. */
  flow: PaymentFlow | undefined;
  submitPayment: (paymentMethodId: string) => void;
  retry: () => void;
  cancel: () => void;
  /** Leaves for the flow's 3-D Secure page once the store has saved the flow. */
  redirect: () => void;
}

/**
 * One flow, read from the store, and the commands a user may give it. While mounted the flow is
 * watched (kept subscribed for real-time status); unmounting only stops watching and never
 * cancels the payment.
 */
export function usePaymentFlow(flowId: string): PaymentFlowHandle {
  const dispatch = usePaymentsDispatch();
  const flow = usePaymentsSelector((state) => selectFlowById(state, flowId));

  useEffect(() => {
    dispatch(flowWatched({ flowId }));
    return () => {
      dispatch(flowUnwatched({ flowId }));
    };
  }, [dispatch, flowId]);

  const submitPayment = useCallback(
    (paymentMethodId: string) => {
      dispatch(paymentSubmitted({ flowId, paymentMethodId, at: Date.now() }));
    },
    [dispatch, flowId],
  );
  const retry = useCallback(() => {
    dispatch(retryRequested({ flowId, at: Date.now() }));
  }, [dispatch, flowId]);
  const cancel = useCallback(() => {
    dispatch(cancelRequested({ flowId, at: Date.now() }));
  }, [dispatch, flowId]);

  const redirect = useCallback(() => {
    dispatch(redirectRequested({ flowId, at: Date.now() }));
  }, [dispatch, flowId]);

  return { flow, submitPayment, retry, cancel, redirect };
}
