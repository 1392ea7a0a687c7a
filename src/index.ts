/** payment-flows: the public face. Everything a host app imports comes from here. */
export {
  FLOW_STATUSES,
  MAX_PAYMENT_ATTEMPTS,
  canCancel,
  canRetry,
  canSubmit,
  checkTransition,
  holdCanExpire,
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
  PaymentStatusUpdate,
} from './payments/types';
/** The flow entity; `PaymentFlow` is the React component that shows one. */
export type { PaymentFlow as PaymentFlowEntity } from './payments/types';
export type { FlowDiagnostics, FlowWarning, PaymentFlowsState } from './payments/flowState';
export {
  bookingCreated,
  bookingFoundExpired,
  bookingFailed,
  bookingRequested,
  cancelRequested,
  flowCancelled,
  flowCrashed,
  flowRetired,
  flowStarted,
  flowTooOldToResume,
  holdExpired,
  paymentFailed,
  paymentFlowsReducer,
  paymentNotFound,
  paymentFlowsSlice,
  paymentOutcomeUnknown,
  paymentStatusesReceived,
  paymentSubmitted,
  redirectRequested,
  retryRequested,
  subscriptionsRefused,
} from './payments/paymentFlowsSlice';
export {
  connectionReducer,
  flowUnwatched,
  flowWatched,
  selectConnection,
  selectConnectionStatus,
  type ConnectionState,
  type ConnectionStatus,
} from './payments/socket/connectionSlice';
export type { SocketOptions } from './payments/socket/paymentSocket';
export type { PersistenceOptions } from './payments/persistence/persistConfig';
export type { KeyValueStorage } from './payments/persistence/guardedStorage';
export { RETURN_PARAM, returnPathFor, takeReturnedFlowId } from './payments/redirectReturn';
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
  paymentsReducer,
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
export { PROTOCOL_SCHEMAS, protocolJsonSchemas, type ProtocolMessage } from './payments/protocol';
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
export { PaymentFlow, type PaymentFlowProps } from './components/paymentFlow/PaymentFlow';
export {
  UserBookingModal,
  type UserBookingModalProps,
} from './components/bookingModal/UserBookingModal';
export type { BookingResource } from './components/bookingModal/BookingForm';
