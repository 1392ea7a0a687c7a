/** @jest-environment node */
import type { Socket } from 'socket.io-client';
import {
  confirm,
  createFirmBooking,
  faultSecretOf,
  post,
  waitForPaymentStatus,
} from './demoServerHarness';
import {
  connected,
  nextEvent,
  realtimeKit,
  recordStatusEvents,
  statusArrived,
  subscribed,
} from './realtimeHarness';

const kit = realtimeKit();

/** What a client does on every `connect`: one batched resubscribe that resyncs everything. */
function resubscribeOnConnect(socket: Socket, bookingIds: string[]): Promise<unknown>[] {
  const acks: Promise<unknown>[] = [];
  socket.on('connect', () => acks.push(subscribed(socket, bookingIds)));
  return acks;
}

describe('real-time restarts and disconnects', () => {
  it('resyncs a payment that finished while the server was down, on the same port', async () => {
    const server = await kit.startServer({ processingDelayMs: 200 });
    const { bookingId, payment } = await createFirmBooking(server);
    const socket = kit.client(server);
    const acks = resubscribeOnConnect(socket, [bookingId]);
    await connected(socket);
    await confirm(server, payment.paymentId, 'pm_card_visa');

    const dropped = nextEvent<string>(socket, 'disconnect');
    await server.stopRealtime();
    const httpWhileStopped = fetch(`${server.url}/api/payment-methods`);
    await waitForPaymentStatus(server, payment.paymentId, 'succeeded');
    const reconnected = nextEvent(socket, 'connect');
    await server.startRealtime();
    await reconnected;

    expect(await dropped).toBe('transport close');
    await expect(httpWhileStopped).rejects.toThrow();
    expect(server.httpServer.address()).toMatchObject({ port: server.port });
    expect(acks).toHaveLength(2);
    expect(await acks[1]).toMatchObject({
      snapshots: [{ bookingId, status: 'succeeded', seq: 3 }],
      rejected: [],
    });
  });

  it('closes cleanly while stopped, and ignores a second stop or start', async () => {
    const server = await kit.startServer();
    await server.stopRealtime();
    await server.stopRealtime();
    await server.startRealtime();
    await server.startRealtime();
    await connected(kit.client(server));
    await server.stopRealtime();
    await server.close();
    await expect(server.startRealtime()).resolves.toBeUndefined();
    expect(server.httpServer.listening).toBe(false);
  });

  it('disconnectAll ends sockets with io server disconnect, which is not retried', async () => {
    const server = await kit.startServer();
    const socket = await connected(kit.client(server));
    const reason = nextEvent<string>(socket, 'disconnect');

    server.realtime.disconnectAll();

    expect(await reason).toBe('io server disconnect');
    expect(socket.active).toBe(false);
    expect(server.realtime.stats().connections).toBe(0);
  });

  it('dropAllSockets cuts the transport; the client reconnects and recovers its rooms', async () => {
    const server = await kit.startServer({ processingDelayMs: 50 });
    const { bookingId, payment } = await createFirmBooking(server);
    const socket = await connected(kit.client(server));
    const events = recordStatusEvents(socket);
    await subscribed(socket, [bookingId]);
    // socket.io can only recover a client that has received at least one room event.
    await confirm(server, payment.paymentId, 'pm_card_declined');
    await statusArrived(events, 'failed');
    const reason = nextEvent<string>(socket, 'disconnect');
    const reconnected = nextEvent(socket, 'connect');

    server.realtime.dropAllSockets();

    expect(await reason).toBe('transport close');
    await reconnected;
    expect(socket.recovered).toBe(true);
    await confirm(server, payment.paymentId, 'pm_card_visa');
    await statusArrived(events, 'succeeded');
  });

  it('pauses and drops over HTTP when faults are enabled', async () => {
    const server = await kit.startServer({ faults: true });
    const socket = await connected(kit.client(server));

    const dropped = nextEvent<string>(socket, 'disconnect');
    const drop = await post(
      server,
      '/api/_faults',
      { dropAllSockets: true },
      faultSecretOf(server),
    );
    expect([drop.status, await dropped]).toEqual([200, 'transport close']);
    await nextEvent(socket, 'connect');

    const paused = nextEvent<string>(socket, 'disconnect');
    const pause = await post(
      server,
      '/api/_faults',
      { pauseRealtimeMs: 100 },
      faultSecretOf(server),
    );
    expect([pause.status, await paused]).toEqual([200, 'transport close']);
    await nextEvent(socket, 'connect');
    expect(server.realtime.stats().connections).toBe(1);
  });
});
