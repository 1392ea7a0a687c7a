// Type-checked with skipLibCheck off: the published declarations must resolve and be real types.
// Each @ts-expect-error below errors only while the types are real: were an import to turn
// `any`, the line would stop erroring and tsc would fail with "Unused '@ts-expect-error'".
import { combineReducers, configureStore } from '@reduxjs/toolkit';
import type { ReactElement } from 'react';
import {
  createLiveSagaMiddleware,
  createPaymentsStore,
  flowStarted,
  makePaymentsTestStore,
  paymentsReducers,
  selectFlowById,
  type FlowStatus,
  type LiveSagaMiddleware,
  type PaymentFlowEntity,
  type PaymentsSocket,
  type PaymentsState,
  type PaymentsStore,
  type PaymentsTestStore,
} from 'payment-flows';
import {
  PaymentFlow,
  usePaymentFlow,
  UserBookingModal,
  type PaymentFlowHandle,
} from 'payment-flows/react';
import {
  PROTOCOL_SCHEMAS,
  protocolJsonSchemas,
  type ProtocolMessage,
} from 'payment-flows/protocol';

// The store factory and its state.
const created = createPaymentsStore({ api: { baseUrl: 'https://api.example' } });
const store: PaymentsStore = created.store;
const state: PaymentsState = store.getState();
export const close: () => Promise<void> = created.close;
// @ts-expect-error the state has no such slice
export const noSuchSlice: unknown = state.noSuchSlice;

// The types the CHANGELOG names, from the package itself (defined in its declarations is not
// enough: a host imports them from here).
export const sagas: LiveSagaMiddleware = createLiveSagaMiddleware();
export const testStore: PaymentsTestStore = makePaymentsTestStore();
export const socketConnected = (socket: PaymentsSocket): boolean => socket.connected;
// @ts-expect-error a socket has no such method
export const notASocketMethod = (socket: PaymentsSocket): unknown => socket.noSuchMethod();

// Actions carry typed payloads.
const { flowId } = store.dispatch(
  flowStarted({ resourceId: 'room-1', start: 1, durationMinutes: 60, bookingType: 'FIRM' }),
).payload;
const id: string = flowId;
// @ts-expect-error the flowId is a string
export const idAsNumber: number = flowId;

// A selector's result: the flow entity, or undefined.
const flow: PaymentFlowEntity | undefined = selectFlowById(state, id);
export const status: FlowStatus | undefined = flow?.status;
// @ts-expect-error the flow may be undefined
export const surely: PaymentFlowEntity = selectFlowById(state, id);
// @ts-expect-error not a status
export const badStatus: FlowStatus = 'nope';

// A host's own store with the payments reducers: its state type is real, not unknown.
const hostStore = configureStore({
  reducer: combineReducers({
    ...paymentsReducers,
    cart: (cart: { items: number } = { items: 0 }) => cart,
  }),
});
type HostState = ReturnType<typeof hostStore.getState>;
const hostState: HostState = hostStore.getState();
export const hostFlow: PaymentFlowEntity | undefined = selectFlowById(hostState, id);
export const items: number = hostState.cart.items;
// @ts-expect-error the payments slice's state is not a boolean
export const notBoolean: boolean = hostState.paymentFlows;

// The React entry.
export function Page(): ReactElement {
  const handle: PaymentFlowHandle = usePaymentFlow(id);
  // @ts-expect-error the handle's flow may be undefined
  const sure: PaymentFlowEntity = handle.flow;
  return (
    <>
      <PaymentFlow flowId={sure.flowId} />
      <UserBookingModal
        open
        onClose={() => undefined}
        resources={[{ id: 'room-1', name: 'Room 1' }]}
      />
      {/* @ts-expect-error onClose is required */}
      <UserBookingModal open resources={[]} />
    </>
  );
}

// The protocol entry.
const parsed = PROTOCOL_SCHEMAS.bookingRequest.parse({});
export const duration: number = parsed.durationMinutes;
// @ts-expect-error bookingType is 'FIRM' | 'TENTATIVE'
export const bookingType: number = parsed.bookingType;
const message: ProtocolMessage = 'bookingResponse';
export const schema: Record<string, unknown> = protocolJsonSchemas()[message];
// @ts-expect-error not a message name
export const badMessage: ProtocolMessage = 'nope';
