import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../server/demoServer';
import type {
  BookingCreated,
  ErrorBody,
  PaymentSnapshot,
  PaymentStatus,
  SubscribeAck,
} from '../../server/wireTypes';
import { eventually, firmBookingBody, post } from './demoServerHarness';

type ClientOptions = Partial<ManagerOptions & SocketOptions>;

export interface RealtimeKit {
  startServer(options?: DemoServerOptions): Promise<DemoServer>;
  /** A client that is not connected yet; call `connected(socket)` to connect and wait. */
  client(server: DemoServer, options?: ClientOptions): Socket;
}

/** Servers and socket clients for one test file; after each test, clients go first, then servers. */
export function realtimeKit(): RealtimeKit {
  const servers: DemoServer[] = [];
  const sockets: Socket[] = [];
  afterEach(async () => {
    // A client outliving its server would keep reconnecting and hold Jest open.
    for (const socket of sockets.splice(0)) socket.disconnect();
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return {
    async startServer(options) {
      const server = await startDemoServer(options);
      servers.push(server);
      return server;
    },
    client(server, options = {}) {
      const socket = io(server.url, {
        transports: ['websocket'],
        autoConnect: false,
        forceNew: true,
        reconnectionDelay: 50,
        reconnectionDelayMax: 200,
        auth: { token: 'demo-token' },
        ...options,
      });
      sockets.push(socket);
      return socket;
    },
  };
}

/** Connects and resolves on `connect`; rejects with the `connect_error`. */
export function connected(socket: Socket): Promise<Socket> {
  const result = new Promise<Socket>((resolve, reject) => {
    socket.once('connect', () => {
      socket.off('connect_error', reject);
      resolve(socket);
    });
    socket.once('connect_error', reject);
  });
  socket.connect();
  return result;
}

/** The first arguments of the next `event` (`connect`, `disconnect`, ...). */
export function nextEvent<T = unknown>(
  socket: Socket,
  event: string,
  timeoutMs = 3000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => {
      socket.off(event, onEvent);
      reject(new Error(`No ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onEvent = (value: T): void => {
      clearTimeout(timeout);
      socket.off(event, onEvent);
      resolve(value);
    };
    socket.on(event, onEvent);
  });
}

export function subscribe(socket: Socket, bookingIds: unknown): Promise<SubscribeAck | ErrorBody> {
  return socket.timeout(3000).emitWithAck('flows:subscribe', { bookingIds }) as Promise<
    SubscribeAck | ErrorBody
  >;
}

/** Asserts a successful ack and returns it. */
export async function subscribed(socket: Socket, bookingIds: string[]): Promise<SubscribeAck> {
  const ack = await subscribe(socket, bookingIds);
  if ('error' in ack) throw new Error(`Subscribe failed: ${ack.error.message}`);
  return ack;
}

/** Every `payment:status` payload from now on, in arrival order. */
export function recordStatusEvents(socket: Socket): PaymentSnapshot[] {
  const events: PaymentSnapshot[] = [];
  socket.on('payment:status', (snapshot: PaymentSnapshot) => events.push(snapshot));
  return events;
}

/** Resolves once `events` holds an event in `status` (already, or within the timeout). */
export function statusArrived(
  events: PaymentSnapshot[],
  status: PaymentStatus,
  timeoutMs = 3000,
): Promise<void> {
  return eventually(() => events.some((event) => event.status === status), timeoutMs);
}

/** Resolves once `events` holds at least `count` events. */
export function eventsArrived(
  events: PaymentSnapshot[],
  count: number,
  timeoutMs = 3000,
): Promise<void> {
  return eventually(() => events.length >= count, timeoutMs);
}

/** A FIRM booking created with `token` as bearer (so owned by that token). */
export async function firmBookingOf(
  server: DemoServer,
  token: string,
): Promise<BookingCreated & { payment: NonNullable<BookingCreated['payment']> }> {
  const result = await post<BookingCreated>(server, '/api/bookings', firmBookingBody, {
    'Idempotency-Key': `key-${Math.random()}`,
    Authorization: `Bearer ${token}`,
  });
  expect(result.status).toBe(201);
  const { payment } = result.body;
  if (payment === null) throw new Error('A FIRM booking must come with a payment');
  return { ...result.body, payment };
}
