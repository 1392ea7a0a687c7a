/**
 * PROTOCOL.md: "a client whose clock is wrong never releases or expires a hold the server still
 * keeps". A hold further away than a timer can wait (2^31 - 1 ms, about 24.8 days; redux-saga's
 * `delay` clamps to it) is waited for with one delay: the delay ends 24.8 days in, and the flow
 * is expired and its booking released days before the server's deadline.
 */
import { releasedReply } from '../../helpers/scriptedFetch';
import { flowStarted } from '../../../src/payments/paymentFlowsSlice';
import { selectFlowById } from '../../../src/payments/selectors';
import { uniqueDraft } from '../../helpers/paymentsTestStore';
import { BOOKINGS, bookingReply, RELEASE, setup, stopSagas } from './fixtures';

afterEach(() => {
  stopSagas();
  jest.useRealTimers();
});

const DAY = 24 * 3_600_000;

describe('a hold 30 days away', () => {
  it('is still held after 25 days: the flow awaits payment, nothing is released', async () => {
    jest.useFakeTimers({ now: Date.UTC(2027, 0, 1) });
    const { server, store } = setup();
    server.script(BOOKINGS, bookingReply(Date.now() + 30 * DAY));
    server.otherwise(RELEASE, releasedReply());
    const { flowId } = store.dispatch(flowStarted(uniqueDraft())).payload;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(selectFlowById(store.getState(), flowId)?.status).toBe('awaitingPayment');

    // 25 days in: five days before the server's deadline.
    await jest.advanceTimersByTimeAsync(25 * DAY);

    expect(server.requestsTo(RELEASE)).toHaveLength(0);
    expect(selectFlowById(store.getState(), flowId)?.status).toBe('awaitingPayment');

    await jest.advanceTimersByTimeAsync(5 * DAY);
    expect(selectFlowById(store.getState(), flowId)?.status).toBe('expired');
  });
});
