import type { DemoServer } from '../../server/demoServer';
import type { BookingCreated, PaymentSnapshot } from '../../server/wireTypes';
import { bearer, firmBookingBody, post, type ApiResult } from '../server/demoServerHarness';

/** The demo user, whose bookings the attacks go after. */
export const VICTIM = 'demo-token';
/** A second, legitimate account of the same server: the attacker. */
export const ATTACKER = 'attacker-token';

/** Both tokens accepted; each acts for its own owner. */
export function withTwoUsers(server: DemoServer): DemoServer {
  server.realtime.setAcceptedTokens([VICTIM, ATTACKER]);
  return server;
}

export async function firmBookingFor(
  server: DemoServer,
  token: string,
): Promise<BookingCreated & { payment: NonNullable<BookingCreated['payment']> }> {
  const result = await post<BookingCreated>(server, '/api/bookings', firmBookingBody, {
    ...bearer(token),
    'Idempotency-Key': `key-${Math.random()}`,
  });
  expect(result.status).toBe(201);
  const { payment } = result.body;
  if (payment === null) throw new Error('A FIRM booking must come with a payment');
  return { ...result.body, payment };
}

export function confirmAs(
  server: DemoServer,
  token: string,
  paymentId: string,
  paymentMethodId: string,
  body: Record<string, unknown> = {},
): Promise<ApiResult<PaymentSnapshot>> {
  return post<PaymentSnapshot>(
    server,
    `/api/payments/${paymentId}/confirm`,
    { paymentMethodId, ...body },
    { ...bearer(token), 'Idempotency-Key': `flow-${Math.random()}:1` },
  );
}

/** What the server answers about something that does not exist: the attack must see the same. */
export function errorOf(result: ApiResult<unknown>): { status: number; code: unknown } {
  const body = result.body as { error?: { code?: unknown } };
  return { status: result.status, code: body.error?.code };
}
