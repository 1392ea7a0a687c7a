import type { FaultState } from '../faults';
import type { Route } from '../router';
import { faultSettingsSchema, parseBody } from '../schemas';
import type { DemoStats } from '../wireTypes';

export interface FaultRouteDeps {
  faults: FaultState;
  stats: () => DemoStats;
}

/** Test-only controls; mounted only when the server runs with `faults: true`. */
export function faultRoutes({ faults, stats }: FaultRouteDeps): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/_faults',
      handle(context) {
        const settings = parseBody(faultSettingsSchema, context.body);
        if (settings.failNextBookings !== undefined)
          faults.failNextBookings(settings.failNextBookings);
        if (settings.responseDelayMs !== undefined)
          faults.setResponseDelay(settings.responseDelayMs);
        if (settings.bookingDelayMs !== undefined) faults.setBookingDelay(settings.bookingDelayMs);
        return { status: 200, body: faults.current() };
      },
    },
    {
      method: 'GET',
      path: '/api/_stats',
      handle: () => ({ status: 200, body: stats() }),
    },
  ];
}
