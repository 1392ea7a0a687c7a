/** @jest-environment node */
/**
 * Issue 10, row 14: `flows:subscribe` rejected another owner's booking as `forbidden` and an
 * unknown one as `not_found`, which told an attacker which ids exist. The attack fails when both
 * get the same rejection and the socket joins neither room.
 */
import type { PaymentSnapshot } from '../../server/wireTypes';
import { connected, realtimeKit, recordStatusEvents, subscribed } from '../server/realtimeHarness';
import { ATTACKER, VICTIM, confirmAs, firmBookingFor, withTwoUsers } from './twoUsers';

const kit = realtimeKit();

describe('row 14: an existence oracle on flows:subscribe', () => {
  it('row 14: another owner’s booking is rejected exactly as an unknown one', async () => {
    const server = withTwoUsers(await kit.startServer({ processingDelayMs: 50 }));
    const victims = await firmBookingFor(server, VICTIM);
    const attacker = await connected(kit.client(server, { auth: { token: ATTACKER } }));
    const events: PaymentSnapshot[] = recordStatusEvents(attacker);

    const ack = await subscribed(attacker, [victims.bookingId, 'bk_00000000000000000000']);
    await confirmAs(server, VICTIM, victims.payment.paymentId, 'pm_card_visa');
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(ack.snapshots).toEqual([]);
    expect(ack.rejected.map((rejection) => rejection.code)).toEqual(['not_found', 'not_found']);
    expect(events).toEqual([]);
  });
});
