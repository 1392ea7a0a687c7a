import { flowStarted } from '../../../src/payments/paymentFlowsSlice';
import { selectFlowIds } from '../../../src/payments/selectors';
import { testTimings, uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import { BOOKINGS, setup, stopSagas } from './fixtures';

afterEach(stopSagas);

/** A booking that needs no payment: the flow ends `succeeded` at once. */
const freeBooking = (index: number) => ({
  status: 201,
  body: {
    bookingId: `bk_free_${index}`,
    status: 'confirmed',
    holdExpiresAt: null,
    amount: null,
    payment: null,
  },
});

describe('retiring finished flows (issue 11)', () => {
  it('flows that fall due together leave the store in a few actions, not one each', async () => {
    const FLOWS = 200;
    const BATCH_MS = 200;
    const { server, store } = setup({
      retentionMs: 100,
      timings: { ...testTimings, retirementBatchMs: BATCH_MS },
    });
    for (let index = 0; index < FLOWS; index += 1) server.script(BOOKINGS, freeBooking(index));
    const flowIds = Array.from(
      { length: FLOWS },
      () => store.dispatch(flowStarted(uniqueDraft({ bookingType: 'TENTATIVE' }))).payload.flowId,
    );
    const finishedAt = await Promise.all(
      flowIds.map((flowId) => waitForStatus(store, flowId, 'succeeded').then(() => Date.now())),
    );
    // However busy the machine, flows that finished within one window leave together.
    const spreadMs = Math.max(...finishedAt) - Math.min(...finishedAt);

    let retirements = 0;
    let held = selectFlowIds(store.getState()).length;
    const allGone = new Promise<void>((resolve) => {
      const unsubscribe = store.subscribe(() => {
        const now = selectFlowIds(store.getState()).length;
        if (now < held) retirements += 1;
        held = now;
        if (now === 0) {
          unsubscribe();
          resolve();
        }
      });
    });
    await allGone;

    expect(retirements).toBeLessThanOrEqual(Math.ceil(spreadMs / BATCH_MS) + 2);
    expect(retirements).toBeLessThan(FLOWS / 4);
  });
});
