import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createDemoCore, type RateLimits } from './demoCore';
import type { FaultControls } from './faults';
import { createHttpHandler } from './httpHandler';
import { HttpListener } from './httpListener';
import { RealtimeHub, type RealtimeControls } from './realtime/realtimeHub';
import { StatusBroadcaster } from './realtime/statusBroadcaster';
import type { DemoStore } from './store';
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
  /**
   * Mounts POST /api/_faults and GET /api/_stats, answered only to requests whose
   * `X-Fault-Secret` header is `faultSecret`; default false.
   */
  faults?: boolean;
  /** The fault endpoints' secret; default: a random one (see `DemoServer.faultSecret`). */
  faultSecret?: string;
  /** Serves this directory for non-API paths, falling back to its index.html. */
  staticDir?: string;
  /** The accepted bearer token; default 'demo-token'. */
  authToken?: string;
  /**
   * For demos only: a request without `Authorization` acts for `authToken`'s owner, as long as
   * that token is accepted (not after `setAcceptedTokens` or `rotateToken` retired it). Default
   * false: every request but the 3-D Secure answer needs a bearer token.
   */
  anonymousDemoUser?: boolean;
  /** Origins that may call the API from a browser (CORS); default none (same origin only). */
  corsOrigins?: readonly string[];
  /** Token buckets per caller, for REST requests and for `flows:subscribe`. */
  rateLimits?: Partial<RateLimits>;
  /** The most bookings, and live idempotency records, one owner may have; default 10,000. */
  maxRecordsPerOwner?: number;
}

export interface DemoServer {
  /** e.g. http://127.0.0.1:41234, without a trailing slash; also the socket.io URL. */
  url: string;
  port: number;
  /** What the fault endpoints require in `X-Fault-Secret`; undefined when faults are off. */
  faultSecret: string | undefined;
  /** The current HTTP server (socket.io is attached to it); `startRealtime` makes a new one. */
  readonly httpServer: Server;
  store: DemoStore;
  faults: FaultControls;
  stats(): DemoStats;
  realtime: RealtimeControls;
  /**
   * Closes socket.io and the HTTP listener (HTTP requests fail until `startRealtime`), keeping
   * all state and timers: a payment processing meanwhile still succeeds.
   */
  stopRealtime(): Promise<void>;
  /** Listens again on the same port with a fresh socket.io server. */
  startRealtime(): Promise<void>;
  /** `stopRealtime`, then `startRealtime` after `ms`; resolves once listening again. */
  pauseRealtime(ms: number): Promise<void>;
  /** Stops timers, sockets and connections; resolves once the port is free. */
  close(): Promise<void>;
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const host = options.host ?? '127.0.0.1';
  const timers = new TimerRegistry();
  let url = '';
  const core = createDemoCore(options, timers, (paymentId, challengeId, origin) => {
    const query = new URLSearchParams({ challenge: challengeId });
    return `${origin ?? url}/3ds/${encodeURIComponent(paymentId)}?${query.toString()}`;
  });
  const corsOrigins = [...(options.corsOrigins ?? [])];
  const realtime = new RealtimeHub({
    store: core.store,
    holds: core.holds,
    tokens: core.tokens,
    subscribeLimiter: core.limits.subscribe,
    corsOrigins,
  });
  const stopBroadcasting = new StatusBroadcaster({
    payments: core.store.payments,
    faults: core.faults,
    timers,
    send: (snapshot) => {
      realtime.sendStatus(snapshot);
    },
  }).start();
  const pauseRealtime = async (ms: number): Promise<void> => {
    await listener.stop();
    await timers.sleep(ms);
    await listener.start();
  };
  const dropAllSockets = (): void => {
    realtime.dropAllSockets();
  };
  const faultSecret =
    options.faults === true
      ? options.faultSecret !== undefined && options.faultSecret !== ''
        ? options.faultSecret
        : randomBytes(24).toString('base64url')
      : undefined;
  const handler = createHttpHandler(core, {
    timers,
    faultActions: options.faults === true ? { dropAllSockets, pauseRealtime } : undefined,
    faultSecret,
    staticDir: options.staticDir,
    anonymousDemoUser: options.anonymousDemoUser === true,
    corsOrigins: new Set(corsOrigins),
  });
  const listener = new HttpListener({ handler, realtime, host, port: options.port ?? 0 });
  await listener.start();
  const port = listener.boundPort;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    port,
    faultSecret,
    get httpServer() {
      return listener.httpServer;
    },
    store: core.store,
    faults: core.faults,
    stats: () => ({ ...core.stats }),
    realtime,
    stopRealtime: () => listener.stop(),
    startRealtime: () => listener.start(),
    pauseRealtime,
    close: async () => {
      timers.clearAll();
      stopBroadcasting();
      await listener.close();
    },
  };
}
