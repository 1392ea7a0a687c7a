// A store (makePaymentsTestStore) holding one flow in awaitingPayment, reached through the
// actions the sagas dispatch: what the fixtures render.
export function flowAwaitingPayment(core) {
  const T0 = Date.now();
  const store = core.makePaymentsTestStore();
  const booking = {
    resourceId: 'room-1',
    start: T0 + 86_400_000,
    durationMinutes: 60,
    bookingType: 'FIRM',
  };
  const { flowId } = store.dispatch(core.flowStarted(booking, T0)).payload;
  store.dispatch(core.bookingRequested({ flowId, at: T0 + 1 }));
  store.dispatch(
    core.bookingCreated({
      flowId,
      at: T0 + 2,
      bookingId: 'bk_1',
      payment: { paymentId: 'pay_1', seq: 1 },
      amount: { value: 5000, currency: 'EUR' },
      holdExpiresAt: T0 + 10 * 60_000,
    }),
  );
  return { store, flowId };
}
