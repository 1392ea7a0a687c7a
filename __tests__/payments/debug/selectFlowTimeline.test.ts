import {
  bookingCreated,
  bookingRequested,
  flowStarted,
  makePaymentsTestStore,
  paymentStatusesReceived,
  paymentSubmitted,
  retryRequested,
  selectFlowTimeline,
} from '../../../src/index';
import { uniqueDraft } from '../../helpers/paymentsTestStore';

describe('selectFlowTimeline', () => {
  it('lists each transition with its cause, time, and the server seq and attempt after it', () => {
    const store = makePaymentsTestStore();
    const { flowId } = store.dispatch(flowStarted(uniqueDraft(), 1)).payload;
    store.dispatch(bookingRequested({ flowId, at: 2 }));
    store.dispatch(
      bookingCreated({ flowId, at: 3, bookingId: 'bk_t', payment: { paymentId: 'pay_t', seq: 1 } }),
    );
    store.dispatch(paymentSubmitted({ flowId, at: 4, paymentMethodId: 'pm_card_declined' }));
    store.dispatch(
      paymentStatusesReceived({
        at: 5,
        updates: [
          {
            paymentId: 'pay_t',
            status: 'failed',
            seq: 2,
            occurredAt: 5,
            failure: { code: 'card_declined', message: 'Declined', retriable: true },
          },
        ],
      }),
    );
    store.dispatch(retryRequested({ flowId, at: 6 }));
    store.dispatch(paymentSubmitted({ flowId, at: 7, paymentMethodId: 'pm_card_visa' }));
    store.dispatch(
      paymentStatusesReceived({
        at: 8,
        updates: [{ paymentId: 'pay_t', status: 'succeeded', seq: 4, occurredAt: 8 }],
      }),
    );

    expect(selectFlowTimeline(store.getState(), flowId)).toEqual([
      {
        from: 'draft',
        to: 'creatingBooking',
        cause: 'bookingRequested',
        at: 2,
        serverSeq: 0,
        attempt: 0,
      },
      {
        from: 'creatingBooking',
        to: 'awaitingPayment',
        cause: 'bookingCreated',
        at: 3,
        serverSeq: 1,
        attempt: 0,
      },
      {
        from: 'awaitingPayment',
        to: 'confirmingPayment',
        cause: 'paymentSubmitted',
        at: 4,
        serverSeq: 1,
        attempt: 1,
      },
      {
        from: 'confirmingPayment',
        to: 'failed',
        cause: 'server',
        at: 5,
        serverSeq: 2,
        attempt: 1,
      },
      {
        from: 'failed',
        to: 'awaitingPayment',
        cause: 'retryRequested',
        at: 6,
        serverSeq: 2,
        attempt: 1,
      },
      {
        from: 'awaitingPayment',
        to: 'confirmingPayment',
        cause: 'paymentSubmitted',
        at: 7,
        serverSeq: 2,
        attempt: 2,
      },
      {
        from: 'confirmingPayment',
        to: 'succeeded',
        cause: 'server',
        at: 8,
        serverSeq: 4,
        attempt: 2,
      },
    ]);
  });

  it('is the same frozen empty array for a flow the store does not have', () => {
    const state = makePaymentsTestStore().getState();

    const first = selectFlowTimeline(state, 'no-such-flow');

    expect(first).toEqual([]);
    expect(Object.isFrozen(first)).toBe(true);
    expect(selectFlowTimeline(state, '__proto__')).toBe(first);
  });
});
