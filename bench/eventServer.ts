/**
 * A child process: a bare socket.io server on 127.0.0.1 speaking the payment-status protocol
 * (any handshake accepted, flows:subscribe acked with no snapshots) plus `bench:burst`.
 * It reports its port over IPC and exits when the parent disconnects.
 */
import { createServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { BURST_EVENT, burstRequestSchema, preciseNow, seqOfEvent } from './burstProtocol';
import type { z } from 'zod';

type Burst = z.output<typeof burstRequestSchema>;

const CHUNK = 2_000;
const MAX_BURST_MS = 60_000;

function statusEvent(burst: Burst, eventIndex: number) {
  const payment = eventIndex % burst.paymentIds.length;
  return {
    paymentId: burst.paymentIds[payment],
    bookingId: burst.bookingIds[payment],
    status: burst.status,
    seq: seqOfEvent(eventIndex, burst.paymentIds.length, burst.startSeq),
    occurredAt: preciseNow(),
  };
}

/** As fast as possible, in chunks so the server's loop stays responsive. */
function sendFast(socket: Socket, burst: Burst, from = 0): void {
  const end = Math.min(burst.count, from + CHUNK);
  for (let index = from; index < end; index += 1) {
    socket.emit('payment:status', statusEvent(burst, index));
  }
  if (end < burst.count && socket.connected) {
    setImmediate(() => {
      sendFast(socket, burst, end);
    });
  }
}

/** Evenly spread: every millisecond, whatever is due by now. */
function sendSteady(socket: Socket, burst: Burst, rate: number): void {
  const startedAt = performance.now();
  let sent = 0;
  const tick = (): void => {
    const elapsed = performance.now() - startedAt;
    const due = Math.min(burst.count, Math.floor((elapsed * rate) / 1000) + 1);
    for (; sent < due; sent += 1) socket.emit('payment:status', statusEvent(burst, sent));
    if (sent < burst.count && socket.connected && elapsed < MAX_BURST_MS) setTimeout(tick, 1);
  };
  tick();
}

type Ack = (response: unknown) => void;

const isAck = (value: unknown): value is Ack => typeof value === 'function';

function onConnection(socket: Socket): void {
  socket.on('flows:subscribe', (_payload: unknown, ack: unknown) => {
    if (isAck(ack)) ack({ snapshots: [], rejected: [] });
  });
  socket.on('flows:unsubscribe', (_payload: unknown, ack: unknown) => {
    if (isAck(ack)) ack({ ok: true });
  });
  socket.on(BURST_EVENT, (payload: unknown) => {
    const burst = burstRequestSchema.safeParse(payload);
    if (!burst.success) {
      console.error('event server: bad burst request', burst.error.message);
      return;
    }
    if (burst.data.ratePerSecond === undefined) sendFast(socket, burst.data);
    else sendSteady(socket, burst.data, burst.data.ratePerSecond);
  });
}

const httpServer = createServer();
const io = new Server(httpServer, { transports: ['websocket'], serveClient: false });
io.on('connection', onConnection);

function shutdown(): void {
  void io.close().finally(() => {
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 2_000).unref();
}

process.on('disconnect', shutdown);
process.on('SIGTERM', shutdown);
httpServer.listen(0, '127.0.0.1', () => {
  const address = httpServer.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.send?.({ type: 'ready', port });
});
