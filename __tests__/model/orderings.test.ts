/** @jest-environment node */
import fc from 'fast-check';
import {
  flowStarted,
  paymentStatusesReceived,
  paymentSubmitted,
} from '../../src/payments/paymentFlowsSlice';
import { selectFlowById } from '../../src/payments/selectors';
import type { PaymentStatusUpdate } from '../../src/payments/types';
import { breach } from '../helpers/flowStateInvariants';
import { makeTestStore, uniqueDraft, waitForStatus } from '../helpers/paymentsTestStore';
import { createScriptedFetch } from '../helpers/scriptedFetch';
import { BOOKINGS, CONFIRM, STATUS, bookingReply, snapshotReply } from '../payments/sagas/fixtures';

/**
 * Orderings nobody writes by hand (issue 15, fc.scheduler): every REST answer the real sagas
 * wait for, and every status event the socket would deliver, settles in an order fast-check
 * picks, and shrinks. Whatever the order, the flow ends with the server's latest word, each
 * request is made once, and no step breaks an invariant.
 */
describe('REST answers and status events in any order', () => {
  it('the flow ends succeeded at the latest seq, with one booking and one confirm', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.subarray(['stale processing', 'succeeded', 'duplicate succeeded'] as const),
        async (s, deliveries) => {
          const server = createScriptedFetch();
          const booking = bookingReply();
          const { paymentId } = booking.body.payment;
          const { bookingId } = booking.body;
          server.script(BOOKINGS, booking);
          server.script(CONFIRM, snapshotReply(paymentId, 'processing', 2));
          server.otherwise(STATUS, snapshotReply(paymentId, 'succeeded', 3));
          const { store, sagaTask } = makeTestStore({
            api: { baseUrl: server.baseUrl, fetch: s.scheduleFunction(server.fetch) },
          });
          let last = store.getState().paymentFlows;
          const problems: string[] = [];
          const unsubscribe = store.subscribe(() => {
            const now = store.getState().paymentFlows;
            const problem = breach(last, now);
            if (problem) problems.push(problem);
            last = now;
          });
          try {
            const { flowId } = store.dispatch(flowStarted(uniqueDraft())).payload;
            await s.waitFor(waitForStatus(store, flowId, 'awaitingPayment'));
            store.dispatch(
              paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }),
            );
            const event = (status: PaymentStatusUpdate['status'], seq: number) => () =>
              store.dispatch(
                paymentStatusesReceived({
                  updates: [{ paymentId, bookingId, status, seq, occurredAt: Date.now() }],
                  at: Date.now(),
                }),
              );
            const events = {
              'stale processing': event('processing', 1),
              succeeded: event('succeeded', 3),
              'duplicate succeeded': event('succeeded', 3),
            };
            for (const delivery of deliveries)
              void s.schedule(Promise.resolve(delivery)).then(events[delivery]);

            await s.waitFor(waitForStatus(store, flowId, 'succeeded'));
            await s.waitIdle();

            const flow = selectFlowById(store.getState(), flowId);
            expect(problems).toEqual([]);
            expect([flow?.status, flow?.serverSeq]).toEqual(['succeeded', 3]);
            expect(server.requestsTo(BOOKINGS)).toHaveLength(1);
            expect(server.requestsTo(CONFIRM)).toHaveLength(1);
          } finally {
            unsubscribe();
            sagaTask.cancel();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
