import type { RequestListener } from 'node:http';
import type { DemoCore } from './demoCore';
import { createRequestHandler } from './requestHandler';
import { bookingRoutes } from './routes/bookingRoutes';
import { faultRoutes, type RealtimeFaultActions } from './routes/faultRoutes';
import { paymentRoutes } from './routes/paymentRoutes';
import type { TimerRegistry } from './timers';

export interface HttpHandlerOptions {
  timers: TimerRegistry;
  /** Mounts the fault endpoints, which act on the real-time side through these. */
  faultActions: RealtimeFaultActions | undefined;
  /** What `X-Fault-Secret` must be for the fault endpoints. */
  faultSecret: string | undefined;
  staticDir: string | undefined;
  anonymousDemoUser: boolean;
  corsOrigins: ReadonlySet<string>;
}

/** The node:http request listener for every HTTP route of the demo server. */
export function createHttpHandler(core: DemoCore, options: HttpHandlerOptions): RequestListener {
  const { store, bookingFlow, paymentFlow, faults, stats, tokens, limits } = core;
  const { timers, faultActions } = options;
  const routes = [
    ...bookingRoutes({ store, bookingFlow, faults, timers }),
    ...paymentRoutes({ store, paymentFlow, stats }),
    ...(faultActions === undefined
      ? []
      : faultRoutes({ faults, timers, realtime: faultActions, stats: () => ({ ...stats }) })),
  ];
  const handle = createRequestHandler({
    routes,
    tokens,
    faults,
    timers,
    paymentFlow,
    restLimiter: limits.rest,
    anonymousDemoUser: options.anonymousDemoUser,
    faultSecret: faultActions === undefined ? undefined : options.faultSecret,
    staticDir: options.staticDir,
    corsOrigins: options.corsOrigins,
  });
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('Request failed', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
}
