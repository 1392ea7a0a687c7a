import {
  configureStore,
  createEntityAdapter,
  createSlice,
  type PayloadAction,
  type Update,
} from '@reduxjs/toolkit';
import { paymentIdOf } from './burstProtocol';

/** The naive approach the issue compares against: one `updateOne` dispatch per socket event. */
interface PaymentRow {
  paymentId: string;
  status: string;
  seq: number;
}

const paymentsAdapter = createEntityAdapter({ selectId: (row: PaymentRow) => row.paymentId });

const naivePaymentsSlice = createSlice({
  name: 'naivePayments',
  initialState: paymentsAdapter.getInitialState(),
  reducers: {
    paymentUpdated(state, action: PayloadAction<Update<PaymentRow, string>>) {
      paymentsAdapter.updateOne(state, action);
    },
    paymentsLoaded(state, action: PayloadAction<PaymentRow[]>) {
      paymentsAdapter.setAll(state, action);
    },
  },
});

const { paymentUpdated, paymentsLoaded } = naivePaymentsSlice.actions;

export function createNaiveStore(payments: number) {
  const store = configureStore({ reducer: naivePaymentsSlice.reducer });
  const rows = Array.from({ length: payments }, (_unused, index) => ({
    paymentId: paymentIdOf(index),
    status: 'awaitingPayment',
    seq: 1,
  }));
  store.dispatch(paymentsLoaded(rows));
  return {
    store,
    /** One dispatch for one `payment:status` payload, as a naive socket handler would do. */
    applyEvent: (payload: unknown): void => {
      const event = payload as PaymentRow;
      store.dispatch(
        paymentUpdated({ id: event.paymentId, changes: { status: event.status, seq: event.seq } }),
      );
    },
    seqOf: (paymentId: string): number | undefined => store.getState().entities[paymentId]?.seq,
  };
}
