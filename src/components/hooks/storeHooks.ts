/** The only place that touches react-redux's untyped hooks; components use these instead. */
import {
  useDispatch,
  useSelector,
  useStore,
  type UseDispatch,
  type UseSelector,
  type UseStore,
} from 'react-redux';
import type {
  PaymentsDispatch,
  PaymentsState,
  PaymentsStore,
} from '../../payments/createPaymentsStore.js';

// Annotated, so the declarations name only this package's types and its peers' public ones
// (inferred, they would import `redux`, a dependency of a peer that an app need not have).
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-arguments -- named on purpose
export const usePaymentsDispatch: UseDispatch<PaymentsDispatch> =
  useDispatch.withTypes<PaymentsDispatch>();
export const usePaymentsSelector: UseSelector<PaymentsState> =
  useSelector.withTypes<PaymentsState>();
export const usePaymentsStore: UseStore<PaymentsStore> = useStore.withTypes<PaymentsStore>();
