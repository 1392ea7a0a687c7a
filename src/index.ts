/**
 * payment-flows: the public face of the headless core (store, reducers, sagas, actions,
 * selectors, persistence). Nothing here imports React; components and hooks are in
 * `payment-flows/react`.
 */
export {
  FLOW_STATUSES,
  MAX_PAYMENT_ATTEMPTS,
  canCancel,
  canRetry,
  canSubmit,
  checkTransition,
  confirmNeverArrived,
  holdCanExpire,
  isCancellable,
  isTerminal,
  legalTargets,
  type FlowStatus,
} from './payments/statusMachine.js';
export type {
  BookingDraft,
  BookingType,
  FlowError,
  FlowTransition,
  Money,
  NextAction,
  PaymentStatusUpdate,
} from './payments/types.js';
/** The flow entity; `PaymentFlow` (from `payment-flows/react`) is the component that shows one. */
export type { PaymentFlow as PaymentFlowEntity } from './payments/types.js';
export type { FlowDiagnostics, FlowWarning, PaymentFlowsState } from './payments/flowState.js';
export {
  bookingCreated,
  bookingFoundExpired,
  bookingFailed,
  bookingRequested,
  cancelRequested,
  drivingLost,
  drivingTaken,
  flowCancelled,
  flowCrashed,
  flowsMirrored,
  flowsRetired,
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
  secondFlowFound,
  subscriptionsRefused,
} from './payments/paymentFlowsSlice.js';
export {
  connectionReducer,
  connectionSlice,
  flowUnwatched,
  flowWatched,
  selectConnection,
  selectConnectionStatus,
  type ConnectionState,
  type ConnectionStatus,
  type WithConnection,
} from './payments/socket/connectionSlice.js';
export type { SocketOptions } from './payments/socket/paymentSocket.js';
export {
  createPaymentsPersistConfig,
  PERSIST_ACTIONS,
  type PaymentsRootState,
  type PersistenceOptions,
} from './payments/persistence/persistConfig.js';
export {
  createGuardedStorage,
  type KeyValueStorage,
} from './payments/persistence/guardedStorage.js';
export { createMergingStorage, readSavedFlows } from './payments/persistence/mergingStorage.js';
export { createBrowserTabs, type TabCoordination } from './payments/tabs/browserTabs.js';
export type { LockCallbacks, TabLocks } from './payments/tabs/tabLocks.js';
export type { TabChannel } from './payments/tabs/tabChannel.js';
export { flowsTransform } from './payments/persistence/persistedFlows.js';
export {
  migrations as paymentsMigrations,
  PERSIST_VERSION,
} from './payments/persistence/migrations.js';
export { RETURN_PARAM, returnPathFor, takeReturnedFlowId } from './payments/redirectReturn.js';
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
} from './payments/selectors.js';
export {
  createPaymentsDeps,
  createPaymentsStore,
  makePaymentsTestStore,
  paymentsReducer,
  paymentsReducers,
  paymentsSlices,
  type DevToolsOptions,
  type PaymentsDepsOptions,
  type PaymentsDispatch,
  type PaymentsState,
  type PaymentsSocket,
  type PaymentsStore,
  type PaymentsStoreOptions,
  type PaymentsStoreParts,
  type PaymentsTestStore,
} from './payments/createPaymentsStore.js';
export { selectFlowTimeline } from './payments/debug/selectFlowTimeline.js';
export {
  DEBUG_REPORT_FORMAT,
  exportDebugReport,
  type DebugReport,
  type DebugReportExtras,
} from './payments/debug/exportDebugReport.js';
export { createActionRecorder, type ActionRecorder } from './payments/debug/actionRecorder.js';
export {
  describeReplay,
  replayActions,
  replayReducer,
  replayReport,
  type ReplayStep,
} from './payments/debug/replay.js';
export { paymentsSaga } from './payments/sagas/rootSaga.js';
export {
  createLiveSagaMiddleware,
  liveStateOf,
  type LiveSagaMiddleware,
} from './payments/sagas/liveSagas.js';
export {
  defaultTimings,
  type FlowTimings,
  type PaymentsDeps,
  type SharedTabs,
} from './payments/sagas/deps.js';
export { createApiClient, type ApiOptions, type PaymentsApi } from './payments/apiClient.js';
export { ApiError } from './payments/apiError.js';
export type { SavedPaymentMethod } from './payments/apiSchemas.js';
export { createLogger, type LogLevel, type Logger, type LogSink } from './payments/logger.js';
export { estimatePrice } from './payments/pricing.js';
