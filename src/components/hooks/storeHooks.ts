/** The only place that touches react-redux's untyped hooks; components use these instead. */
import { useDispatch, useSelector, useStore } from 'react-redux';
import type {
  PaymentsDispatch,
  PaymentsState,
  PaymentsStore,
} from '../../payments/createPaymentsStore';

export const useAppDispatch = useDispatch.withTypes<PaymentsDispatch>();
export const useAppSelector = useSelector.withTypes<PaymentsState>();
export const useAppStore = useStore.withTypes<PaymentsStore>();
