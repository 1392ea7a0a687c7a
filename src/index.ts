/** payment-flows: the public face. Everything a host app imports comes from here. */
export {
  FLOW_STATUSES,
  MAX_PAYMENT_ATTEMPTS,
  canRetry,
  checkTransition,
  isCancellable,
  isTerminal,
  legalTargets,
  type FlowStatus,
} from './payments/statusMachine';
export type {
  BookingDraft,
  BookingType,
  FlowError,
  FlowTransition,
  Money,
  NextAction,
  PaymentFlow,
  PaymentStatusUpdate,
} from './payments/types';
export type { FlowDiagnostics, FlowWarning, PaymentFlowsState } from './payments/flowState';
export {
  bookingCreated,
  bookingFailed,
  bookingRequested,
  cancelRequested,
  flowCancelled,
  flowCrashed,
  flowStarted,
  holdExpired,
  paymentFailed,
  paymentFlowsReducer,
  paymentFlowsSlice,
  paymentOutcomeUnknown,
  paymentStatusesReceived,
  paymentSubmitted,
  retryRequested,
} from './payments/paymentFlowsSlice';
export {
  selectActiveFlowIdForDraft,
  selectActiveFlows,
  selectAllFlows,
  selectFlowById,
  selectFlowByBookingId,
  selectFlowByPaymentId,
  selectFlowDiagnostics,
  selectFlowIds,
  type WithPaymentFlows,
} from './payments/selectors';
export {
  createPaymentsDeps,
  createPaymentsStore,
  paymentsReducers,
  type PaymentsDispatch,
  type PaymentsState,
  type PaymentsStore,
  type PaymentsStoreOptions,
} from './payments/createPaymentsStore';
export { paymentsSaga } from './payments/sagas/rootSaga';
export { defaultTimings, type FlowTimings, type PaymentsDeps } from './payments/sagas/deps';
export { createApiClient, type ApiOptions, type PaymentsApi } from './payments/apiClient';
export { ApiError } from './payments/apiError';
export type { SavedPaymentMethod } from './payments/apiSchemas';
export { createLogger, type LogLevel, type Logger, type LogSink } from './payments/logger';
export { estimatePrice } from './payments/pricing';

// React components and hooks.
export { useAppDispatch, useAppSelector, useAppStore } from './components/hooks/storeHooks';
export { usePaymentFlow, type PaymentFlowHandle } from './components/hooks/usePaymentFlow';
export { useStartPayment } from './components/hooks/useStartPayment';
export {
  PaymentMethodsContext,
  usePaymentMethods,
  type PaymentMethodsStatus,
  type PaymentMethodsValue,
} from './components/paymentMethods/paymentMethodsContext';
export {
  PaymentMethodsProvider,
  type PaymentMethodsProviderProps,
} from './components/paymentMethods/PaymentMethodsProvider';
// Exported as PaymentFlowView: `PaymentFlow` is already the public name of the flow's type.
export {
  PaymentFlow as PaymentFlowView,
  type PaymentFlowProps,
} from './components/paymentFlow/PaymentFlow';
export {
  UserBookingModal,
  type UserBookingModalProps,
} from './components/bookingModal/UserBookingModal';
export type { BookingResource } from './components/bookingModal/BookingForm';
