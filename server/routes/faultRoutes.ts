import type { FaultState } from '../faults';
import type { Route } from '../router';
import { faultSettingsSchema, parseBody, type FaultSettingsInput } from '../schemas';
import type { TimerRegistry } from '../timers';
import type { DemoStats } from '../wireTypes';

/** One-off real-time faults, as opposed to the settings kept in `FaultState`. */
export interface RealtimeFaultActions {
  dropAllSockets(): void;
  pauseRealtime(ms: number): Promise<void>;
}

export interface FaultRouteDeps {
  faults: FaultState;
  realtime: RealtimeFaultActions;
  timers: TimerRegistry;
  stats: () => DemoStats;
}

/**
 * Test-only controls; mounted only when the server runs with `faults: true`, and even then only
 * answered to a request carrying the fault secret (`X-Fault-Secret`), never to a bearer token.
 */
export function faultRoutes(deps: FaultRouteDeps): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/_faults',
      access: 'faultSecret',
      handle(context) {
        applyFaults(deps, parseBody(faultSettingsSchema, context.body));
        return { status: 200, body: deps.faults.current() };
      },
    },
    {
      method: 'GET',
      path: '/api/_stats',
      access: 'faultSecret',
      handle: () => ({ status: 200, body: deps.stats() }),
    },
  ];
}

function applyFaults(
  { faults, realtime, timers }: FaultRouteDeps,
  input: FaultSettingsInput,
): void {
  if (input.failNextBookings !== undefined) faults.failNextBookings(input.failNextBookings);
  if (input.responseDelayMs !== undefined) faults.setResponseDelay(input.responseDelayMs);
  if (input.bookingDelayMs !== undefined) faults.setBookingDelay(input.bookingDelayMs);
  if (input.duplicateStatusEvents !== undefined)
    faults.setDuplicateStatusEvents(input.duplicateStatusEvents);
  if (input.reorderStatusEvents !== undefined)
    faults.setReorderStatusEvents(input.reorderStatusEvents);
  if (input.dropNextStatusEvents !== undefined)
    faults.dropNextStatusEvents(input.dropNextStatusEvents);
  if (input.loseNextResponses !== undefined) faults.loseNextResponses(input.loseNextResponses);
  if (input.dropAllSockets === true) realtime.dropAllSockets();
  const { pauseRealtimeMs } = input;
  if (pauseRealtimeMs !== undefined) {
    // After this response is written: stopping now would cut the connection carrying it.
    timers.schedule(0, () => void realtime.pauseRealtime(pauseRealtimeMs));
  }
}
