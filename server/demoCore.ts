import { AccessTokens } from './accessTokens';
import { BookingFlow } from './bookingFlow';
import type { DemoServerOptions } from './demoServer';
import { FaultState } from './faults';
import { HoldManager } from './holds';
import { PaymentFlow } from './paymentFlow';
import { RateLimiter, type TokenBucketOptions } from './rateLimiter';
import { createDemoStore, type DemoStore } from './store';
import type { TimerRegistry } from './timers';
import type { DemoStats } from './wireTypes';

/** Everything a demo server knows and does, independent of how it is reached. */
export interface DemoCore {
  store: DemoStore;
  tokens: AccessTokens;
  faults: FaultState;
  stats: DemoStats;
  holds: HoldManager;
  bookingFlow: BookingFlow;
  paymentFlow: PaymentFlow;
  limits: { rest: RateLimiter; subscribe: RateLimiter };
}

/**
 * Per caller, far above what a client of the module sends (a reconnect resubscribes up to 10,000
 * bookings at once; creating 1,000 flows in a few seconds stays well inside), far below a flood.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  rest: { burst: 600, perSecond: 300 },
  // Units: 10 per message plus 1 per booking id.
  subscribe: { burst: 50_000, perSecond: 25_000 },
};

export interface RateLimits {
  rest: TokenBucketOptions;
  subscribe: TokenBucketOptions;
}

export const DEFAULT_MAX_RECORDS_PER_OWNER = 10_000;

export function createDemoCore(
  options: DemoServerOptions,
  timers: TimerRegistry,
  challengeUrlFor: (paymentId: string, challengeId: string, origin?: string) => string,
): DemoCore {
  const maxRecordsPerOwner = options.maxRecordsPerOwner ?? DEFAULT_MAX_RECORDS_PER_OWNER;
  const store = createDemoStore(maxRecordsPerOwner);
  const stats: DemoStats = { bookingsCreated: 0, paymentsConfirmed: 0, confirmRequests: 0 };
  const holds = new HoldManager(store, timers);
  const rates = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const faults = new FaultState();
  return {
    store,
    tokens: new AccessTokens(options.authToken ?? 'demo-token'),
    faults,
    stats,
    holds,
    bookingFlow: new BookingFlow({
      store,
      holds,
      stats,
      holdMs: options.holdMs ?? 10 * 60 * 1000,
      maxRecordsPerOwner,
    }),
    paymentFlow: new PaymentFlow({
      store,
      holds,
      timers,
      stats,
      timings: {
        processingDelayMs: options.processingDelayMs ?? 1500,
        slowProcessingDelayMs: options.slowProcessingDelayMs ?? 20_000,
      },
      challengeUrlFor: (paymentId, challengeId, origin) =>
        faults.forgedNextActionUrl ?? challengeUrlFor(paymentId, challengeId, origin),
    }),
    limits: { rest: new RateLimiter(rates.rest), subscribe: new RateLimiter(rates.subscribe) },
  };
}
