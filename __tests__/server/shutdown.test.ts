/** @jest-environment node */
import { connect, type Socket } from 'node:net';
import { demoServersClosedAfterEach, DEMO_TOKEN, get } from './demoServerHarness';

const startServer = demoServersClosedAfterEach();

/** A client that sends the headers and the start of a body, then nothing more (slowloris). */
function slowBodyClient(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        'POST /api/bookings HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
          `Authorization: Bearer ${DEMO_TOKEN}\r\nIdempotency-Key: slow\r\n` +
          'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"resourceId"',
      );
      resolve(socket);
    });
    socket.on('error', () => undefined);
  });
}

/** `promise`, or 'timed out' if it has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timed out'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timed out'>((resolve) => {
    timer = setTimeout(() => {
      resolve('timed out');
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer);
  });
}

describe('stopping the server with requests still open', () => {
  it('close() resolves while a client is still sending a request body', async () => {
    const server = await startServer();
    const slow = await slowBodyClient(server.port);
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(await within(server.close(), 2000)).toBeUndefined();
    slow.destroy();
  });

  it('close() resolves while a response is held back by responseDelayMs', async () => {
    const server = await startServer();
    server.faults.setResponseDelay(60_000);
    const delayed = get(server, '/api/payment-methods').catch(() => 'cut');
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(await within(server.close(), 2000)).toBeUndefined();
    expect(await delayed).toBe('cut');
  });

  it('pauseRealtime listens again after the pause, whatever a slow client is doing', async () => {
    const server = await startServer();
    const slow = await slowBodyClient(server.port);
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(await within(server.pauseRealtime(50), 2000)).toBeUndefined();
    expect((await get(server, '/api/payment-methods')).status).toBe(200);
    slow.destroy();
  });
});

describe('timers after close()', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('leaves no interval running, however often socket.io was restarted', async () => {
    const setIntervalSpy = jest.spyOn(global, 'setInterval');
    const clearIntervalSpy = jest.spyOn(global, 'clearInterval');
    const server = await startServer();
    await server.pauseRealtime(10);
    await server.close();

    const cleared = new Set(clearIntervalSpy.mock.calls.map(([handle]) => handle));
    const running = setIntervalSpy.mock.results
      .map(({ value }) => value as unknown)
      .filter((handle) => !cleared.has(handle as NodeJS.Timeout));
    expect(setIntervalSpy).toHaveBeenCalled();
    expect(running.length).toBe(0);
  });
});
