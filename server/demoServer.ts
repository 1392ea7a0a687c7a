import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessTokens } from './accessTokens';
import { BookingFlow } from './bookingFlow';
import { FaultState, type FaultControls } from './faults';
import { HoldManager } from './holds';
import { PaymentFlow } from './paymentFlow';
import { createRequestHandler } from './requestHandler';
import { bookingRoutes } from './routes/bookingRoutes';
import { faultRoutes } from './routes/faultRoutes';
import { paymentRoutes } from './routes/paymentRoutes';
import { createDemoStore, type DemoStore } from './store';
import { TimerRegistry } from './timers';
import type { DemoStats } from './wireTypes';

export interface DemoServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** How long a payment stays `processing` before `succeeded`; default 1500. */
  processingDelayMs?: number;
  /** The same for pm_card_slow; default 20000. */
  slowProcessingDelayMs?: number;
  /** How long a FIRM booking's slot is held for payment; default 10 minutes. */
  holdMs?: number;
  /** Mounts POST /api/_faults and GET /api/_stats; default false. */
  faults?: boolean;
  /** Serves this directory for non-API paths, falling back to its index.html. */
  staticDir?: string;
  /** The accepted bearer token, and the owner of requests without one; default 'demo-token'. */
  authToken?: string;
}

export interface DemoServer {
  /** e.g. http://127.0.0.1:41234, without a trailing slash. */
  url: string;
  port: number;
  /** The underlying server, for attaching socket.io. */
  httpServer: Server;
  store: DemoStore;
  faults: FaultControls;
  stats(): DemoStats;
  /** Stops timers and connections; resolves once the port is free. */
  close(): Promise<void>;
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const host = options.host ?? '127.0.0.1';
  const timers = new TimerRegistry();
  const store = createDemoStore();
  const tokens = new AccessTokens(options.authToken ?? 'demo-token');
  const faults = new FaultState();
  const stats: DemoStats = { bookingsCreated: 0, paymentsConfirmed: 0, confirmRequests: 0 };
  const readStats = (): DemoStats => ({ ...stats });
  const holds = new HoldManager(store, timers);
  const bookingFlow = new BookingFlow({
    store,
    holds,
    stats,
    holdMs: options.holdMs ?? 10 * 60 * 1000,
  });
  let url = '';
  const paymentFlow = new PaymentFlow({
    store,
    holds,
    timers,
    stats,
    timings: {
      processingDelayMs: options.processingDelayMs ?? 1500,
      slowProcessingDelayMs: options.slowProcessingDelayMs ?? 20_000,
    },
    challengeUrlFor: (paymentId) => `${url}/3ds/${paymentId}`,
  });
  const routes = [
    ...bookingRoutes({ store, bookingFlow, faults, timers }),
    ...paymentRoutes({ store, paymentFlow, stats }),
    ...(options.faults === true ? faultRoutes({ faults, stats: readStats }) : []),
  ];
  const handle = createRequestHandler({
    routes,
    tokens,
    faults,
    timers,
    store,
    staticDir: options.staticDir,
  });
  const httpServer = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('Request failed', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const port = await listen(httpServer, options.port ?? 0, host);
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    port,
    httpServer,
    store,
    faults,
    stats: readStats,
    close: () => close(httpServer, timers),
  };
}

function listen(httpServer: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      httpServer.off('error', reject);
      resolve((httpServer.address() as AddressInfo).port);
    });
  });
}

function close(httpServer: Server, timers: TimerRegistry): Promise<void> {
  timers.clearAll();
  return new Promise((resolve) => {
    // Resolve even if already closed: close() must be safe to call twice.
    httpServer.close(() => {
      resolve();
    });
    httpServer.closeAllConnections();
  });
}
