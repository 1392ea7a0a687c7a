import type { Server } from 'node:http';
import { createDemoCore } from './demoCore';
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
  /** Mounts POST /api/_faults and GET /api/_stats; default false. */
  faults?: boolean;
  /** Serves this directory for non-API paths, falling back to its index.html. */
  staticDir?: string;
  /** The accepted bearer token, and the owner of requests without one; default 'demo-token'. */
  authToken?: string;
}

export interface DemoServer {
  /** e.g. http://127.0.0.1:41234, without a trailing slash; also the socket.io URL. */
  url: string;
  port: number;
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
  const core = createDemoCore(options, timers, (paymentId, returnPath) => {
    const query = returnPath === undefined ? '' : `?return=${encodeURIComponent(returnPath)}`;
    return `${url}/3ds/${paymentId}${query}`;
  });
  const realtime = new RealtimeHub({ store: core.store, holds: core.holds, tokens: core.tokens });
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
  const handler = createHttpHandler(core, {
    timers,
    faultActions: options.faults === true ? { dropAllSockets, pauseRealtime } : undefined,
    staticDir: options.staticDir,
  });
  const listener = new HttpListener({ handler, realtime, host, port: options.port ?? 0 });
  await listener.start();
  const port = listener.boundPort;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    port,
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
