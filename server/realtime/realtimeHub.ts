import type { Server as HttpServer } from 'node:http';
import type { PaymentSnapshot, RealtimeStats } from '../wireTypes';
import { PAYMENT_STATUS_EVENT, roomFor, type MessageCounters, type RealtimeServer } from './events';
import { createSocketServer, type SocketServerDeps } from './socketServer';

/** What tests and benches may do to the real-time side of a running demo server. */
export interface RealtimeControls {
  /** Replaces the accepted bearer tokens (HTTP and handshake); others get `unauthorized`. */
  setAcceptedTokens(tokens: readonly string[]): void;
  /** A token refresh: `to` replaces `from` and keeps access to `from`'s bookings. */
  rotateToken(from: string, to: string): void;
  stats(): RealtimeStats;
  /** Server-side disconnect of every socket: the client sees 'io server disconnect'. */
  disconnectAll(): void;
  /** Cuts every socket's transport: the client sees 'transport close' and reconnects. */
  dropAllSockets(): void;
  /** Sends anything to a booking's room, e.g. a malformed `payment:status`. */
  emitRaw(bookingId: string, event: string, payload: unknown): void;
}

/** The socket.io server of the moment (none while stopped) and the counters across restarts. */
export class RealtimeHub implements RealtimeControls {
  private io: RealtimeServer | undefined;
  private readonly counters: MessageCounters = {
    subscribeMessages: 0,
    unsubscribeMessages: 0,
    statusEventsSent: 0,
    repeatSubscriptions: 0,
  };

  constructor(private readonly deps: Omit<SocketServerDeps, 'counters'>) {}

  attach(httpServer: HttpServer): void {
    this.io = createSocketServer(httpServer, { ...this.deps, counters: this.counters });
  }

  /** Closes socket.io, which also closes the HTTP server it is attached to. */
  async detach(): Promise<void> {
    const io = this.io;
    this.io = undefined;
    await io?.close();
  }

  /** Status events while stopped are lost, as in a real outage; clients resync on connect. */
  sendStatus(snapshot: PaymentSnapshot): void {
    if (this.io === undefined) return;
    const room = roomFor(snapshot.bookingId);
    this.counters.statusEventsSent += this.io.of('/').adapter.rooms.get(room)?.size ?? 0;
    this.io.to(room).emit(PAYMENT_STATUS_EVENT, snapshot);
  }

  setAcceptedTokens(tokens: readonly string[]): void {
    this.deps.tokens.setAccepted(tokens);
  }

  rotateToken(from: string, to: string): void {
    this.deps.tokens.rotate(from, to);
  }

  stats(): RealtimeStats {
    return { connections: this.io?.of('/').sockets.size ?? 0, ...this.counters };
  }

  disconnectAll(): void {
    this.io?.disconnectSockets(true);
  }

  dropAllSockets(): void {
    for (const socket of this.io?.of('/').sockets.values() ?? []) socket.conn.close();
  }

  emitRaw(bookingId: string, event: string, payload: unknown): void {
    this.io?.to(roomFor(bookingId)).emit(event, payload);
  }
}
