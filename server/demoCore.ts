import { AccessTokens } from './accessTokens';
import { BookingFlow } from './bookingFlow';
import type { DemoServerOptions } from './demoServer';
import { FaultState } from './faults';
import { HoldManager } from './holds';
import { PaymentFlow } from './paymentFlow';
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
}

export function createDemoCore(
  options: DemoServerOptions,
  timers: TimerRegistry,
  challengeUrlFor: (paymentId: string, returnPath?: string) => string,
): DemoCore {
  const store = createDemoStore();
  const stats: DemoStats = { bookingsCreated: 0, paymentsConfirmed: 0, confirmRequests: 0 };
  const holds = new HoldManager(store, timers);
  return {
    store,
    tokens: new AccessTokens(options.authToken ?? 'demo-token'),
    faults: new FaultState(),
    stats,
    holds,
    bookingFlow: new BookingFlow({
      store,
      holds,
      stats,
      holdMs: options.holdMs ?? 10 * 60 * 1000,
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
      challengeUrlFor,
    }),
  };
}
