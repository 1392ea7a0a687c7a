/** The only place that touches react-redux's untyped hooks; components use these instead. */
import { useDispatch, useSelector, useStore } from 'react-redux';
import type {
  PaymentsDispatch,
  PaymentsState,
  PaymentsStore,
} from '../../payments/createPaymentsStore.js';

export const usePaymentsDispatch = useDispatch.withTypes<PaymentsDispatch>();
export const usePaymentsSelector = useSelector.withTypes<PaymentsState>();
export const usePaymentsStore = useStore.withTypes<PaymentsStore>();
