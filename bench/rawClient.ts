import { io, type Socket } from 'socket.io-client';
import { BURST_EVENT, type BurstRequest } from './burstProtocol';
import { withTimeout } from './waits';

/** A bare socket.io client on the event server: what socket.io alone delivers over loopback. */
export async function connectBareClient(url: string): Promise<Socket> {
  const socket = io(url, {
    transports: ['websocket'],
    auth: { token: 'demo-token' },
    reconnection: false,
  });
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => {
      resolve();
    });
    socket.once('connect_error', reject);
  });
  await withTimeout(connected, 10_000, 'bare client connect');
  return socket;
}

export interface BurstTiming {
  /** Events passed to `onEvent` before the burst ended or the budget ran out. */
  handled: number;
  /** From the request to the last handled event. */
  ms: number;
}

export interface BurstOptions {
  timeoutMs: number;
  /** Stop handling once this much time has passed (the rest is received and ignored). */
  budgetMs?: number;
}

/**
 * Asks for `burst` and calls `onEvent` for each `payment:status`, until all of it arrived or
 * the budget is spent. Every event of the burst is received before this resolves, so nothing
 * of it spills into the next measurement.
 */
export async function timeBurst(
  socket: Socket,
  burst: BurstRequest,
  onEvent: (payload: unknown) => void,
  options: BurstOptions,
): Promise<BurstTiming> {
  const budgetMs = options.budgetMs ?? Number.POSITIVE_INFINITY;
  let received = 0;
  let handled = 0;
  let lastHandledAt = 0;
  let startedAt = 0;
  let listener: ((payload: unknown) => void) | undefined;
  const allReceived = new Promise<void>((resolve) => {
    listener = (payload: unknown) => {
      received += 1;
      if (lastHandledAt - startedAt < budgetMs && handled === received - 1) {
        onEvent(payload);
        handled += 1;
        lastHandledAt = performance.now();
      }
      if (received === burst.count) resolve();
    };
    socket.on('payment:status', listener);
  });
  startedAt = performance.now();
  lastHandledAt = startedAt;
  socket.emit(BURST_EVENT, burst);
  try {
    await withTimeout(allReceived, options.timeoutMs, `burst of ${burst.count}`);
    return { handled, ms: lastHandledAt - startedAt };
  } finally {
    if (listener) socket.off('payment:status', listener);
  }
}
