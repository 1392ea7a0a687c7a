/** @jest-environment node */
/**
 * Issue 10, row 9: socket.io connection state recovery. Someone who learns a socket's private
 * session id (`pid`) and offset reconnects with them and their own token: the old server gave
 * them `recovered: true`, the first owner's rooms and the events the first owner missed. The
 * attack fails when such a handshake starts a fresh session: not recovered, no missed events,
 * no later events of the first owner's bookings.
 */
import type { Socket } from 'socket.io-client';
import type { DemoServer } from '../../server/demoServer';
import type { PaymentSnapshot } from '../../server/wireTypes';
import { bearer } from '../server/demoServerHarness';
import {
  connected,
  nextEvent,
  realtimeKit,
  recordStatusEvents,
  statusArrived,
  subscribed,
} from '../server/realtimeHarness';
import { ATTACKER, VICTIM, confirmAs, firmBookingFor, withTwoUsers } from './twoUsers';

const kit = realtimeKit();

/** socket.io-client keeps the session it may recover in these (private) fields. */
function sessionOf(socket: Socket): { pid: string; offset: string } {
  const { _pid: pid, _lastOffset: offset } = socket as unknown as Record<string, unknown>;
  if (typeof pid !== 'string' || typeof offset !== 'string') throw new Error('No session yet');
  return { pid, offset };
}

/**
 * Every `payment:status` that reaches the connection, as decoded packets: also those written
 * before a refused handshake, which the socket itself buffers and never emits.
 */
function statusPacketsOn(socket: Socket): unknown[] {
  const packets: unknown[] = [];
  socket.io.on('packet', (packet: { data?: unknown }) => {
    if (Array.isArray(packet.data) && packet.data[0] === 'payment:status') packets.push(packet);
  });
  return packets;
}

/** A client that presents `session` on connect, as the socket that owned it would. */
function clientWithSession(
  server: DemoServer,
  token: string,
  session: { pid: string; offset: string },
) {
  const socket = kit.client(server, { auth: { token } });
  Object.assign(socket, { _pid: session.pid, _lastOffset: session.offset });
  return socket;
}

/**
 * The victim follows a booking, has received one event (so its session has an offset), then
 * loses its connection; while it is away its payment changes. Returns its session.
 */
async function victimAwayWhileItsPaymentChanges(server: DemoServer) {
  const booking = await firmBookingFor(server, VICTIM);
  const victim = await connected(kit.client(server, { reconnection: false }));
  await subscribed(victim, [booking.bookingId]);
  const first = nextEvent<PaymentSnapshot>(victim, 'payment:status');
  const challenged = await confirmAs(server, VICTIM, booking.payment.paymentId, 'pm_card_3ds');
  await first;
  const session = sessionOf(victim);
  const dropped = nextEvent(victim, 'disconnect');
  server.realtime.dropAllSockets();
  await dropped;
  // Missed while away: requiresAction -> failed (the bank's deny).
  const url = new URL(challenged.body.nextAction?.url ?? '');
  const challengeId = url.searchParams.get('challenge');
  await fetch(`${server.url}/api/payments/${booking.payment.paymentId}/authenticate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...bearer(VICTIM) },
    body: JSON.stringify({ outcome: 'deny', challengeId }),
  });
  return { booking, session };
}

describe('row 9: recovering another owner’s socket session', () => {
  it('row 9: a pid with another owner’s token is not recovered and gets none of its events', async () => {
    const server = withTwoUsers(await kit.startServer({ processingDelayMs: 50 }));
    const { booking, session } = await victimAwayWhileItsPaymentChanges(server);

    const attacker = clientWithSession(server, ATTACKER, session);
    const events = recordStatusEvents(attacker);
    const packets = statusPacketsOn(attacker);
    await connected(attacker);
    // One round trip: anything replayed on recovery arrives before this ack.
    await subscribed(attacker, []);
    // And a change after the recovery: the victim's room must not reach the attacker either.
    await confirmAs(server, VICTIM, booking.payment.paymentId, 'pm_card_visa');
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(attacker.recovered).toBe(false);
    expect(events).toEqual([]);
    expect(packets).toEqual([]);
  });

  it('row 9: a revoked token is refused and is not sent the events it missed', async () => {
    const server = withTwoUsers(await kit.startServer());
    const { session } = await victimAwayWhileItsPaymentChanges(server);
    server.realtime.setAcceptedTokens([ATTACKER]);

    const revoked = clientWithSession(server, VICTIM, session);
    const events = recordStatusEvents(revoked);
    const packets = statusPacketsOn(revoked);
    const refused = nextEvent<Error>(revoked, 'connect_error');
    revoked.connect();

    expect((await refused).message).toBe('unauthorized');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The old server refused the handshake, but only after writing the missed events to it.
    expect(packets).toEqual([]);
    expect(events).toEqual([]);
  });

  it('row 9: the owner itself still recovers its session and what it missed', async () => {
    const server = withTwoUsers(await kit.startServer());
    const { session } = await victimAwayWhileItsPaymentChanges(server);

    const owner = clientWithSession(server, VICTIM, session);
    const events = recordStatusEvents(owner);
    await connected(owner);
    await statusArrived(events, 'failed');

    expect(owner.recovered).toBe(true);
  });
});
