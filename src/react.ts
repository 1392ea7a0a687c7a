/** payment-flows/react: the components and hooks, over a store from `payment-flows`. */
export {
  usePaymentsDispatch,
  usePaymentsSelector,
  usePaymentsStore,
} from './components/hooks/storeHooks.js';
export { usePaymentFlow, type PaymentFlowHandle } from './components/hooks/usePaymentFlow.js';
export { useStartPayment } from './components/hooks/useStartPayment.js';
export { useConnectionStatus } from './components/hooks/useConnectionStatus.js';
export {
  PaymentMethodsContext,
  usePaymentMethods,
  type PaymentMethodsStatus,
  type PaymentMethodsValue,
} from './components/paymentMethods/paymentMethodsContext.js';
export {
  PaymentMethodsProvider,
  type PaymentMethodsProviderProps,
} from './components/paymentMethods/PaymentMethodsProvider.js';
export { PaymentFlow, type PaymentFlowProps } from './components/paymentFlow/PaymentFlow.js';
export {
  UserBookingModal,
  type UserBookingModalProps,
} from './components/bookingModal/UserBookingModal.js';
export type { BookingResource } from './components/bookingModal/BookingForm.js';
export {
  PaymentFlowsProvider,
  type PaymentFlowsProviderProps,
} from './components/ui/PaymentFlowsProvider.js';
export {
  defaultMessages,
  shownStatusOf,
  type PaymentFlowsMessages,
  type PaymentFlowsMessagesOverride,
  type ShownStatus,
} from './components/ui/messages.js';
export {
  PF_CLASS_NAMES,
  type PaymentFlowsClassNames,
  type PfPart,
} from './components/ui/classNames.js';
export {
  usePaymentFlowsUi,
  type EstimatePrice,
  type PaymentFlowsUi,
} from './components/ui/uiContext.js';
