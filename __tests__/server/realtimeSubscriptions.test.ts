/** @jest-environment node */
import type { BookingCreated } from '../../server/wireTypes';
import { confirm, createFirmBooking, firmBookingBody, post } from './demoServerHarness';
import {
  connected,
  firmBookingOf,
  realtimeKit,
  recordStatusEvents,
  statusArrived,
  subscribe,
  subscribed,
} from './realtimeHarness';

const kit = realtimeKit();

describe('flows:subscribe', () => {
  it('acks the current snapshot of each booking, and nothing for a TENTATIVE one', async () => {
    const server = await kit.startServer();
    const first = await createFirmBooking(server);
    const second = await createFirmBooking(server);
    await confirm(server, second.payment.paymentId, 'pm_card_declined');
    const tentative = await post<BookingCreated>(
      server,
      '/api/bookings',
      { ...firmBookingBody, bookingType: 'TENTATIVE' },
      { 'Idempotency-Key': 'tentative' },
    );
    const socket = await connected(kit.client(server));

    const ack = await subscribed(socket, [
      first.bookingId,
      second.bookingId,
      tentative.body.bookingId,
    ]);

    expect(ack.rejected).toEqual([]);
    expect(ack.snapshots.map(({ bookingId, status, seq }) => [bookingId, status, seq])).toEqual([
      [first.bookingId, 'awaitingPayment', 1],
      [second.bookingId, 'failed', 2],
    ]);
    expect(ack.snapshots[1]).toEqual(server.store.payments.get(second.payment.paymentId));
  });

  it("rejects another token's booking and an unknown one alike, as not_found", async () => {
    const server = await kit.startServer();
    server.realtime.setAcceptedTokens(['demo-token', 'other-token']);
    const mine = await firmBookingOf(server, 'demo-token');
    const theirs = await firmBookingOf(server, 'other-token');
    const socket = await connected(kit.client(server));

    const ack = await subscribed(socket, [mine.bookingId, theirs.bookingId, 'bk_unknown']);

    expect(ack.snapshots.map((snapshot) => snapshot.bookingId)).toEqual([mine.bookingId]);
    expect(ack.rejected).toEqual([
      { bookingId: theirs.bookingId, code: 'not_found' },
      { bookingId: 'bk_unknown', code: 'not_found' },
    ]);
  });

  it('is idempotent: subscribing twice delivers each status event once', async () => {
    const server = await kit.startServer({ processingDelayMs: 50 });
    const { bookingId, payment } = await createFirmBooking(server);
    const socket = await connected(kit.client(server));
    const events = recordStatusEvents(socket);

    const acks = [await subscribed(socket, [bookingId]), await subscribed(socket, [bookingId])];
    await confirm(server, payment.paymentId, 'pm_card_visa');
    await statusArrived(events, 'succeeded');

    expect(acks[1]).toEqual(acks[0]);
    expect(events.map((event) => event.seq)).toEqual([2, 3]);
  });

  it('streams every status change with increasing seq through processing to succeeded', async () => {
    const server = await kit.startServer({ processingDelayMs: 50 });
    const { bookingId, payment } = await createFirmBooking(server);
    const socket = await connected(kit.client(server));
    const events = recordStatusEvents(socket);
    await subscribed(socket, [bookingId]);

    await confirm(server, payment.paymentId, 'pm_card_visa');
    await statusArrived(events, 'succeeded');

    expect(events.map(({ status, seq }) => [status, seq])).toEqual([
      ['processing', 2],
      ['succeeded', 3],
    ]);
    expect(events.every((event) => event.bookingId === bookingId)).toBe(true);
    expect(events[1]).toEqual(server.store.payments.get(payment.paymentId));
  });

  it('sends nothing to a client that has not subscribed, or has unsubscribed', async () => {
    const server = await kit.startServer({ processingDelayMs: 50 });
    const { bookingId, payment } = await createFirmBooking(server);
    const watcher = await connected(kit.client(server));
    const bystander = await connected(kit.client(server));
    const leaver = await connected(kit.client(server));
    const watched = recordStatusEvents(watcher);
    const unwanted = [...recordStatusEvents(bystander), ...recordStatusEvents(leaver)];
    await subscribed(watcher, [bookingId]);
    await subscribed(leaver, [bookingId]);

    const left: unknown = await leaver.emitWithAck('flows:unsubscribe', {
      bookingIds: [bookingId],
    });
    await confirm(server, payment.paymentId, 'pm_card_visa');
    await statusArrived(watched, 'succeeded');
    // One round trip each: anything already sent to them would have arrived before the ack.
    await Promise.all([subscribed(bystander, []), subscribed(leaver, [])]);

    expect(left).toEqual({ ok: true });
    expect(unwanted).toEqual([]);
  });

  it.each([
    ['a missing payload', undefined],
    ['a string', 'bk_1'],
    ['an empty id', ['']],
    ['a non-string id', [42]],
    ['more than 10,000 ids', Array.from({ length: 10_001 }, (_, index) => `bk_${index}`)],
  ])('answers %s with invalid_request and keeps running', async (_, bookingIds) => {
    const server = await kit.startServer();
    const { bookingId } = await createFirmBooking(server);
    const socket = await connected(kit.client(server));

    const ack = await subscribe(socket, bookingIds);
    socket.emit('flows:subscribe', 'no ack callback');
    const after = await subscribed(socket, [bookingId]);

    expect(ack).toEqual({
      error: { code: 'invalid_request', message: expect.stringMatching(/^bookingIds/) as unknown },
    });
    expect(after.snapshots).toHaveLength(1);
    expect(socket.connected).toBe(true);
  });

  it('answers a message without payload, or with a non-object one, with invalid_request', async () => {
    const server = await kit.startServer();
    const socket = await connected(kit.client(server));
    const acks = [
      await socket.timeout(3000).emitWithAck('flows:subscribe'),
      await socket.timeout(3000).emitWithAck('flows:subscribe', 'bk_1'),
      await socket.timeout(3000).emitWithAck('flows:unsubscribe', null),
    ] as unknown[];
    expect(acks).toEqual([
      {
        error: { code: 'invalid_request', message: expect.stringMatching(/^payload: /) as unknown },
      },
      {
        error: { code: 'invalid_request', message: expect.stringMatching(/^payload: /) as unknown },
      },
      {
        error: { code: 'invalid_request', message: expect.stringMatching(/^payload: /) as unknown },
      },
    ]);
  });

  it('accepts 10,000 ids in one message', async () => {
    const server = await kit.startServer();
    const socket = await connected(kit.client(server));
    const ids = Array.from({ length: 10_000 }, (_, index) => `bk_${index}`);
    const ack = await subscribed(socket, ids);
    expect(ack.rejected).toHaveLength(10_000);
  });

  it('counts connections, messages and status deliveries', async () => {
    const server = await kit.startServer({ processingDelayMs: 50 });
    const { bookingId, payment } = await createFirmBooking(server);
    const first = await connected(kit.client(server));
    const second = await connected(kit.client(server));
    const events = [recordStatusEvents(first), recordStatusEvents(second)];
    await subscribed(first, [bookingId]);
    await subscribed(second, [bookingId]);
    // Asked again on a connection that already follows it: counted as a repeat.
    await subscribed(second, [bookingId]);
    await subscribe(second, 'invalid');
    await second.emitWithAck('flows:unsubscribe', { bookingIds: [] });

    await confirm(server, payment.paymentId, 'pm_card_visa');
    await Promise.all(events.map((list) => statusArrived(list, 'succeeded')));

    expect(server.realtime.stats()).toEqual({
      connections: 2,
      subscribeMessages: 4,
      unsubscribeMessages: 1,
      statusEventsSent: 4,
      repeatSubscriptions: 1,
    });
  });
});
