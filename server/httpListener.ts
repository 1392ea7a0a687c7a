import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RealtimeHub } from './realtime/realtimeHub';
import { applySecurityHeaders } from './securityHeaders';

export interface HttpListenerOptions {
  handler: RequestListener;
  realtime: RealtimeHub;
  host: string;
  /** 0 picks a free port on the first start; every restart reuses the port then chosen. */
  port: number;
}

/**
 * The HTTP + socket.io listener, which can be stopped and started again on the same port while
 * the server's state lives on. Each start builds a fresh `http.Server`: engine.io leaves its
 * listeners on a server it was attached to, so reusing one would route upgrades to a dead engine.
 */
export class HttpListener {
  private server: Server | undefined;
  private port: number;
  private closed = false;
  /** Starts and stops run one after another, so a pause racing a close stays consistent. */
  private lifecycle: Promise<void> = Promise.resolve();

  constructor(private readonly options: HttpListenerOptions) {
    this.port = options.port;
  }

  /** The port actually listened on; known after the first start. */
  get boundPort(): number {
    return this.port;
  }

  /** The current server, or the last one while stopped. */
  get httpServer(): Server {
    if (this.server === undefined) throw new Error('The listener has never been started');
    return this.server;
  }

  /** Does nothing when already listening, or once closed for good. */
  start(): Promise<void> {
    return this.queue(async () => {
      if (this.closed || this.server?.listening === true) return;
      const server = createServer(this.options.handler);
      this.port = await listen(server, this.port, this.options.host);
      this.server = server;
      this.options.realtime.attach(server);
      // engine.io answers /socket.io/ itself, before the request handler: its answers need the
      // security headers too ("every response"). writeHead merges what is set here.
      server.prependListener('request', (_req, res) => {
        applySecurityHeaders(res);
      });
    });
  }

  /** Closes sockets and HTTP connections; resolves once the port is free. */
  stop(): Promise<void> {
    return this.queue(async () => {
      const server = this.server;
      if (server?.listening !== true) return;
      const closed = new Promise((resolve) => server.once('close', resolve));
      // server.close() (which socket.io's close awaits) waits for every open connection to end:
      // a request still sending its body, or one whose answer is delayed, would hold it open
      // for ever. Stop listening and cut every connection first; socket.io then closes its own.
      server.close();
      server.closeAllConnections();
      await this.options.realtime.detach();
      await closed;
    });
  }

  /** `stop`, and no `start` ever again. */
  close(): Promise<void> {
    this.closed = true;
    return this.stop();
  }

  private queue(step: () => Promise<void>): Promise<void> {
    const next = this.lifecycle.then(step);
    this.lifecycle = next.catch(() => undefined);
    return next;
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
