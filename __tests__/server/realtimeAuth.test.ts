/** @jest-environment node */
import { io } from 'socket.io-client';
import { get } from './demoServerHarness';
import { connected, firmBookingOf, nextEvent, realtimeKit, subscribed } from './realtimeHarness';

const kit = realtimeKit();

interface ConnectError extends Error {
  data?: unknown;
}

describe('socket handshake', () => {
  it.each([
    ['no auth', {}],
    ['a wrong token', { token: 'nope' }],
    ['a non-string token', { token: 42 }],
  ])('refuses %s with connect_error unauthorized', async (_, auth) => {
    const server = await kit.startServer();
    const socket = kit.client(server, { auth });
    const error = (await connected(socket).catch((e: unknown) => e)) as ConnectError;
    expect(error.message).toBe('unauthorized');
    expect(error.data).toEqual({ code: 'unauthorized' });
    // A middleware refusal is final: socket.io does not retry it by itself.
    expect(socket.active).toBe(false);
  });

  it('ignores a token in the query string', async () => {
    const server = await kit.startServer();
    const socket = kit.client(server, { auth: {}, query: { token: 'demo-token' } });
    await expect(connected(socket)).rejects.toThrow('unauthorized');
  });

  it('accepts the default token, and a refreshed one after setAcceptedTokens', async () => {
    const server = await kit.startServer();
    await connected(kit.client(server));

    server.realtime.setAcceptedTokens(['refreshed']);

    await expect(connected(kit.client(server))).rejects.toThrow('unauthorized');
    await expect(connected(kit.client(server, { auth: { token: 'refreshed' } }))).resolves.toEqual(
      expect.objectContaining({ connected: true }),
    );
  });

  it('reads the token again on every connect when auth is a function', async () => {
    const server = await kit.startServer();
    let token = 'stale';
    const socket = io(server.url, {
      transports: ['websocket'],
      autoConnect: false,
      forceNew: true,
      auth: (send) => {
        send({ token });
      },
    });
    try {
      await expect(connected(socket)).rejects.toThrow('unauthorized');
      token = 'demo-token';
      await expect(connected(socket)).resolves.toBe(socket);
    } finally {
      socket.disconnect();
    }
  });

  it('checks the token again when a dropped socket reconnects, recovery or not', async () => {
    const server = await kit.startServer();
    const { bookingId } = await firmBookingOf(server, 'demo-token');
    const socket = await connected(kit.client(server));
    await subscribed(socket, [bookingId]);
    // One room event received makes the socket recoverable; recovery must not skip the check.
    const received = nextEvent(socket, 'payment:status');
    server.realtime.emitRaw(bookingId, 'payment:status', {});
    await received;
    const refused = nextEvent<Error>(socket, 'connect_error');

    server.realtime.setAcceptedTokens(['refreshed']);
    server.realtime.dropAllSockets();

    expect((await refused).message).toBe('unauthorized');
  });

  it('applies the accepted tokens to HTTP bearer tokens too', async () => {
    const server = await kit.startServer();
    server.realtime.setAcceptedTokens(['refreshed']);
    const path = '/api/payment-methods';
    const old = await get(server, path, { Authorization: 'Bearer demo-token' });
    const fresh = await get(server, path, { Authorization: 'Bearer refreshed' });
    expect([old.status, fresh.status]).toEqual([401, 200]);
  });

  it('keeps the bookings of a rotated token with its successor', async () => {
    const server = await kit.startServer();
    const { bookingId } = await firmBookingOf(server, 'demo-token');

    server.realtime.rotateToken('demo-token', 'refreshed');
    const socket = await connected(kit.client(server, { auth: { token: 'refreshed' } }));
    const ack = await subscribed(socket, [bookingId]);

    expect(ack.rejected).toEqual([]);
    expect(ack.snapshots.map((snapshot) => snapshot.bookingId)).toEqual([bookingId]);
    await expect(connected(kit.client(server))).rejects.toThrow('unauthorized');
  });
});
