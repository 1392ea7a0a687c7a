/** @jest-environment node */
/**
 * Issue 10, row 8: a `flows:subscribe` flood (10,000 ids a message, as fast as one socket can
 * send) slowed every other client down, and a 900 KB booking id was accepted (and echoed back).
 * The attack fails when ids no server could have issued are refused and the flooding owner's
 * messages are answered `rate_limited` past its allowance, while other owners are served.
 */
import type { Socket } from 'socket.io-client';
import type { ErrorBody, SubscribeAck } from '../../server/wireTypes';
import { connected, realtimeKit, subscribe } from '../server/realtimeHarness';
import { ATTACKER, VICTIM, firmBookingFor, withTwoUsers } from './twoUsers';

const kit = realtimeKit();

const isError = (ack: SubscribeAck | ErrorBody): ack is ErrorBody => 'error' in ack;

const MESSAGES = 20;
const IDS_PER_MESSAGE = 10_000;

/** Acks of a flood come late on a busy machine: wait for them longer than the harness does. */
function subscribeSlowly(socket: Socket, bookingIds: string[]): Promise<SubscribeAck | ErrorBody> {
  return socket.timeout(20_000).emitWithAck('flows:subscribe', { bookingIds }) as Promise<
    SubscribeAck | ErrorBody
  >;
}

describe('row 8: flows:subscribe flood', () => {
  it('row 8: a 900 KB booking id (or any over 128 characters) is refused, not echoed', async () => {
    const server = await kit.startServer();
    const socket = await connected(kit.client(server));

    const huge = await subscribe(socket, ['bk_' + 'x'.repeat(900_000)]);
    const long = await subscribe(socket, ['b'.repeat(129)]);

    for (const ack of [huge, long]) {
      expect(ack).toEqual({
        error: {
          code: 'invalid_request',
          message: expect.stringMatching(/^bookingIds\.0: /) as unknown,
        },
      });
    }
    expect(socket.connected).toBe(true);
  });

  it('row 8: a flood of 10,000-id messages is throttled; another owner is still served', async () => {
    const server = withTwoUsers(await kit.startServer());
    const attacker = await connected(kit.client(server, { auth: { token: ATTACKER } }));
    const victim = await connected(kit.client(server, { auth: { token: VICTIM } }));
    const { bookingId } = await firmBookingFor(server, VICTIM);
    const ids = Array.from(
      { length: IDS_PER_MESSAGE },
      (_, index) => `bk_flood${String(index).padStart(12, '0')}`,
    );

    const startedAt = Date.now();
    const flood = await Promise.all(
      Array.from({ length: MESSAGES }, () => subscribeSlowly(attacker, ids)),
    );
    const elapsedSeconds = (Date.now() - startedAt) / 1000;
    const served = await subscribeSlowly(victim, [bookingId]);

    const processed = flood.filter((ack) => !isError(ack));
    const limited = flood.filter((ack) => isError(ack) && ack.error.code === 'rate_limited');
    // The default allowance: 50,000 units at once, 25,000 a second; a message costs 10 + its ids.
    const cost = 10 + IDS_PER_MESSAGE;
    const allowed = Math.floor((50_000 + elapsedSeconds * 25_000) / cost);
    expect(processed.length).toBeLessThanOrEqual(allowed);
    expect(limited.length).toBe(MESSAGES - processed.length);
    expect(limited.length).toBeGreaterThan(0);
    expect(isError(served)).toBe(false);
    expect((served as SubscribeAck).snapshots.map((snapshot) => snapshot.bookingId)).toEqual([
      bookingId,
    ]);
  });
});
