import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../server/demoServer';
import type { LogLevel } from '../../src/payments/logger';
import { createLogger } from '../../src/payments/logger';
import type { PaymentsStoreOptions } from '../../src/payments/createPaymentsStore';
import { selectConnectionStatus } from '../../src/payments/socket/connectionSlice';
import { makeTestStore, testTimings } from '../helpers/paymentsTestStore';

export interface LogLine {
  level: LogLevel;
  message: string;
}

/** A real demo server plus stores whose sagas talk to it over HTTP and socket.io. */
export function realtimeHarness() {
  const servers: DemoServer[] = [];
  const tasks: { cancel(): void }[] = [];

  afterEach(async () => {
    for (const task of tasks.splice(0)) task.cancel();
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  const harness = {
    async startServer(options: DemoServerOptions = {}) {
      const server = await startDemoServer({ processingDelayMs: 100, faults: true, ...options });
      servers.push(server);
      return server;
    },
    /** `token` is read on every request and every (re)connect, like a real session's. */
    connectStore(
      server: DemoServer,
      session: { token: string },
      overrides: Partial<PaymentsStoreOptions> = {},
    ) {
      const logs: LogLine[] = [];
      const requests: string[] = [];
      const parts = makeTestStore({
        logger: createLogger({
          level: 'debug',
          sink: (level, message) => logs.push({ level, message }),
        }),
        api: {
          baseUrl: server.url,
          getAuthToken: () => session.token,
          fetch: (url, init) => {
            requests.push(`${init.method ?? 'GET'} ${new URL(url).pathname}`);
            return fetch(url, init);
          },
        },
        socket: {
          url: server.url,
          getAuthToken: () => session.token,
          transports: ['websocket'],
          reconnectionDelay: 50,
          reconnectionDelayMax: 200,
          ackTimeoutMs: 2_000,
        },
        ...overrides,
      });
      tasks.push(parts.sagaTask);
      return { ...parts, logs, requests };
    },
    /**
     * A connected store on a new server (`serverOptions`), its quiet-period re-check `quietMs`:
     * a payment whose events stop coming is asked about after that long.
     */
    async connectedWithQuietPeriod(serverOptions: DemoServerOptions, quietMs: number) {
      const server = await harness.startServer(serverOptions);
      const quiet = {
        maxAttempts: Number.POSITIVE_INFINITY,
        baseDelayMs: quietMs,
        maxDelayMs: quietMs,
      };
      const connected = harness.connectStore(
        server,
        { token: 'demo-token' },
        { timings: { ...testTimings, quietRecheck: quiet } },
      );
      await eventually(() => selectConnectionStatus(connected.store.getState()) === 'connected');
      return { ...connected, server };
    },
  };
  return harness;
}

/** Resolves once `check` holds; for conditions on the server, which has no event to wait on. */
export async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
