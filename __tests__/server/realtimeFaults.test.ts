/** @jest-environment node */
import type { FaultSettings } from '../../server/faults';
import { confirm, createFirmBooking, faultSecretOf, post } from './demoServerHarness';
import {
  connected,
  eventsArrived,
  nextEvent,
  realtimeKit,
  recordStatusEvents,
  statusArrived,
  subscribed,
} from './realtimeHarness';

const kit = realtimeKit();

async function subscribedClient(options: Parameters<typeof kit.startServer>[0] = {}) {
  const server = await kit.startServer({ processingDelayMs: 50, ...options });
  const { bookingId, payment } = await createFirmBooking(server);
  const socket = await connected(kit.client(server));
  const events = recordStatusEvents(socket);
  await subscribed(socket, [bookingId]);
  return { server, socket, events, bookingId, paymentId: payment.paymentId };
}

describe('real-time fault injection', () => {
  it('duplicates every status event', async () => {
    const { server, events, paymentId } = await subscribedClient();
    server.faults.setDuplicateStatusEvents(true);

    await confirm(server, paymentId, 'pm_card_visa');
    await eventsArrived(events, 4);

    expect(events.map((event) => event.seq)).toEqual([2, 2, 3, 3]);
    expect(server.realtime.stats().statusEventsSent).toBe(4);
  });

  it('loses the next n status events, then sends again', async () => {
    const { server, events, paymentId } = await subscribedClient();
    server.faults.dropNextStatusEvents(1);

    await confirm(server, paymentId, 'pm_card_visa');
    await eventsArrived(events, 1);

    expect(events.map((event) => event.status)).toEqual(['succeeded']);
  });

  it('sends a held event after the next one of its booking', async () => {
    const { server, events, paymentId } = await subscribedClient();
    server.faults.setReorderStatusEvents(true);

    await confirm(server, paymentId, 'pm_card_visa');
    await statusArrived(events, 'processing');

    expect(events.map(({ status, seq }) => [status, seq])).toEqual([
      ['succeeded', 3],
      ['processing', 2],
    ]);
  });

  it('sends a held event after 200 ms when no later one comes', async () => {
    const { server, socket, paymentId } = await subscribedClient();
    server.faults.setReorderStatusEvents(true);
    const arrived = nextEvent(socket, 'payment:status');
    const confirmedAt = Date.now();

    await confirm(server, paymentId, 'pm_card_declined');
    await arrived;

    expect(Date.now() - confirmedAt).toBeGreaterThanOrEqual(190);
  });

  it('emits raw payloads to a booking room', async () => {
    const { server, socket, bookingId } = await subscribedClient();
    const arrived = nextEvent(socket, 'payment:status');
    server.realtime.emitRaw(bookingId, 'payment:status', { seq: 'not a number' });
    expect(await arrived).toEqual({ seq: 'not a number' });
  });

  it('sets the status faults over HTTP', async () => {
    const server = await kit.startServer({ faults: true });
    const secret = faultSecretOf(server);
    const result = await post<FaultSettings>(
      server,
      '/api/_faults',
      { duplicateStatusEvents: true, reorderStatusEvents: true },
      secret,
    );
    const invalid = await post(server, '/api/_faults', { dropAllSockets: 'yes' }, secret);
    expect(result.body).toMatchObject({ duplicateStatusEvents: true, reorderStatusEvents: true });
    expect(invalid.status).toBe(400);
  });
});
