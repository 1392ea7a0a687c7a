import { releasedReply } from '../../helpers/scriptedFetch';
import { flowStarted, paymentSubmitted } from '../../../src/payments/paymentFlowsSlice';
import { uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import {
  BOOKINGS,
  bookingReply,
  CONFIRM,
  RELEASE,
  setup,
  snapshotReply,
  stopSagas,
} from './fixtures';

afterEach(stopSagas);

/** Timers alive in this process: each flow task waiting on its hold used to hold one. */
const liveTimers = () =>
  process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

const releaseOk = releasedReply();

describe('flows that wait only for the user hold no task (issue 11)', () => {
  it('50 flows awaiting payment, each with a hold a minute away, share one timer', async () => {
    const { server, store } = setup();
    const FLOWS = 50;
    for (let i = 0; i < FLOWS; i += 1)
      server.script(BOOKINGS, bookingReply(Date.now() + 60_000 + i));
    const before = liveTimers();

    const flowIds = Array.from(
      { length: FLOWS },
      () => store.dispatch(flowStarted(uniqueDraft())).payload.flowId,
    );
    await Promise.all(flowIds.map((flowId) => waitForStatus(store, flowId, 'awaitingPayment')));

    expect(liveTimers() - before).toBeLessThanOrEqual(2);
  });

  it('holds falling due at different times each expire at their own deadline, and are released', async () => {
    const { server, store } = setup();
    const start = Date.now();
    const deadlines = [700, 300, 500].map((ms) => start + ms);
    for (const at of deadlines) server.script(BOOKINGS, bookingReply(at));
    for (let i = 0; i < deadlines.length; i += 1) server.script(RELEASE, releaseOk);

    const flowIds = deadlines.map(() => store.dispatch(flowStarted(uniqueDraft())).payload.flowId);
    const expired = await Promise.all(
      flowIds.map((flowId) => waitForStatus(store, flowId, 'expired')),
    );

    expired.forEach((flow, index) => {
      expect(flow.history.at(-1)).toMatchObject({ from: 'awaitingPayment', cause: 'holdExpired' });
      expect(flow.history.at(-1)?.at).toBeGreaterThanOrEqual(deadlines[index] ?? Infinity);
    });
    const bookingIds = expired.map((flow) => `/api/bookings/${flow.bookingId ?? ''}/cancel`);
    expect(
      server
        .requestsTo(RELEASE)
        .map((request) => request.path)
        .sort(),
    ).toEqual(bookingIds.sort());
  });

  it('a parked flow wakes when the user pays: the confirm is sent and the flow moves on', async () => {
    const { server, store } = setup();
    server.script(BOOKINGS, bookingReply(Date.now() + 60_000));
    const flowId = store.dispatch(flowStarted(uniqueDraft())).payload.flowId;
    const parked = await waitForStatus(store, flowId, 'awaitingPayment');
    server.script(CONFIRM, snapshotReply(parked.paymentId ?? '', 'succeeded', 2));

    store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }));

    await waitForStatus(store, flowId, 'succeeded');
    expect(server.requestsTo(CONFIRM)).toHaveLength(1);
  });
});
