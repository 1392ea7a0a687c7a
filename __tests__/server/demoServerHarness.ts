import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../server/demoServer';
import type {
  BookingCreated,
  ErrorBody,
  PaymentSnapshot,
  PaymentStatus,
} from '../../server/wireTypes';

export interface ApiResult<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** Starts real servers for a test file and closes every one of them after each test. */
export function demoServersClosedAfterEach(): (options?: DemoServerOptions) => Promise<DemoServer> {
  const started: DemoServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });
  return async (options) => {
    const server = await startDemoServer(options);
    started.push(server);
    return server;
  };
}

/** The demo server's default token; every helper below sends it unless told otherwise. */
export const DEMO_TOKEN = 'demo-token';

/** No `Authorization` header at all: pass as `headers` to a helper. */
export const ANONYMOUS = { Authorization: '' };

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/** `Authorization: Bearer demo-token` unless `headers` names one; an empty one is left out. */
function withAuth(headers: Record<string, string>): Record<string, string> {
  const merged = { ...bearer(DEMO_TOKEN), ...headers };
  if (merged.Authorization === '') delete merged.Authorization;
  return merged;
}

export async function post<T = ErrorBody>(
  server: DemoServer,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: withAuth({ 'Content-Type': 'application/json', ...headers }),
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

export async function get<T = ErrorBody>(
  server: DemoServer,
  path: string,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  const response = await fetch(`${server.url}${path}`, { headers: withAuth(headers) });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

/** The header the fault endpoints require. */
export function faultSecretOf(server: DemoServer): Record<string, string> {
  if (server.faultSecret === undefined) throw new Error('This server runs without faults');
  return { 'X-Fault-Secret': server.faultSecret };
}

/** The challenge id a 3-D Secure URL carries (`?challenge=`). */
export function challengeIdIn(url: string | undefined): string {
  const challengeId = new URL(url ?? 'http://no.invalid/').searchParams.get('challenge');
  if (challengeId === null) throw new Error(`No challenge id in ${String(url)}`);
  return challengeId;
}

/**
 * The bank's answer to the payment's current challenge, as the challenge page sends it;
 * `challengeId` defaults to the one the server issued last for the payment.
 */
export function authenticate(
  server: DemoServer,
  paymentId: string,
  outcome: 'approve' | 'deny',
  challengeId = server.store.challenges.current(paymentId)?.challengeId ?? 'none-issued',
): Promise<ApiResult<PaymentSnapshot>> {
  return post<PaymentSnapshot>(
    server,
    `/api/payments/${paymentId}/authenticate`,
    { outcome, challengeId },
    ANONYMOUS,
  );
}

export const firmBookingBody = {
  resourceId: 'room-1',
  start: Date.UTC(2030, 0, 1, 9),
  durationMinutes: 60,
  bookingType: 'FIRM',
};

export async function createFirmBooking(
  server: DemoServer,
  key = `key-${Math.random()}`,
): Promise<BookingCreated & { payment: NonNullable<BookingCreated['payment']> }> {
  const result = await post<BookingCreated>(server, '/api/bookings', firmBookingBody, {
    'Idempotency-Key': key,
  });
  expect(result.status).toBe(201);
  const { payment } = result.body;
  if (payment === null) throw new Error('A FIRM booking must come with a payment');
  return { ...result.body, payment };
}

export function confirm(
  server: DemoServer,
  paymentId: string,
  paymentMethodId: string,
  key = `flow-${Math.random()}:1`,
): Promise<ApiResult<PaymentSnapshot>> {
  return post<PaymentSnapshot>(
    server,
    `/api/payments/${paymentId}/confirm`,
    { paymentMethodId },
    { 'Idempotency-Key': key },
  );
}

/** Resolves with the first snapshot in `status` (already there, or announced by the store). */
export function waitForPaymentStatus(
  server: DemoServer,
  paymentId: string,
  status: PaymentStatus,
  timeoutMs = 3000,
): Promise<PaymentSnapshot> {
  const current = server.store.payments.get(paymentId);
  if (current?.status === status) return Promise.resolve(current);
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => {
      unsubscribe();
      reject(new Error(`Payment ${paymentId} did not reach ${status} within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = server.store.payments.onPaymentChange((snapshot) => {
      if (snapshot.paymentId !== paymentId || snapshot.status !== status) return;
      clearTimeout(timeout);
      unsubscribe();
      resolve(snapshot);
    });
  });
}

/** Every snapshot the store announces from now on, in order. */
export function recordPaymentChanges(server: DemoServer): PaymentSnapshot[] {
  const changes: PaymentSnapshot[] = [];
  server.store.payments.onPaymentChange((snapshot) => changes.push(snapshot));
  return changes;
}

/** Polls `condition` every few ms; for states that no event announces. */
export async function eventually(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
