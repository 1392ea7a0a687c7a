/** @jest-environment node */
/**
 * Issue 10, row 7: a 15,000-character Idempotency-Key and large ignored body fields, sent
 * without a token, were each kept for 24 hours; 1,572 requests in 7 s exhausted a 128 MiB heap.
 * The attack fails when nothing of the sort is stored: such requests are refused before any
 * record is made, one owner's records are capped, requests are rate-limited per caller, and
 * expiry does not walk every record on every request.
 */
import { IdempotencyStore } from '../../server/idempotency';
import type { BookingCreated } from '../../server/wireTypes';
import {
  ANONYMOUS,
  demoServersClosedAfterEach,
  firmBookingBody,
  get,
  post,
} from '../server/demoServerHarness';
import { errorOf } from './twoUsers';

const startServer = demoServersClosedAfterEach();

const book = (
  server: Parameters<typeof post>[0],
  body: unknown,
  headers: Record<string, string> = {},
) =>
  post<BookingCreated>(server, '/api/bookings', body, {
    'Idempotency-Key': `key-${Math.random()}`,
    ...headers,
  });

describe('row 7: unbounded records', () => {
  it('row 7: a 15,000-character Idempotency-Key is refused and nothing is kept', async () => {
    const server = await startServer();

    const attack = await book(server, firmBookingBody, { 'Idempotency-Key': 'k'.repeat(15_000) });
    const longest = await book(server, firmBookingBody, { 'Idempotency-Key': 'k'.repeat(255) });

    expect(errorOf(attack)).toEqual({ status: 400, code: 'invalid_request' });
    expect(longest.status).toBe(201);
    expect(server.store.idempotency.size).toBe(1);
    expect(server.stats().bookingsCreated).toBe(1);
  });

  it('row 7: large ignored body fields are refused, not stored', async () => {
    const server = await startServer();
    const padded = { ...firmBookingBody, padding: 'x'.repeat(60_000) };

    const booking = await book(server, padded);
    const confirmBody = { paymentMethodId: 'pm_card_visa', padding: 'x'.repeat(60_000) };
    const confirmation = await post(server, '/api/payments/pay_x/confirm', confirmBody, {
      'Idempotency-Key': 'k:1',
    });

    expect(errorOf(booking)).toEqual({ status: 400, code: 'invalid_request' });
    expect(errorOf(confirmation)).toEqual({ status: 400, code: 'invalid_request' });
    expect(server.store.idempotency.size).toBe(0);
  });

  it('row 7: anonymous requests make no records', async () => {
    const server = await startServer();
    const attack = await book(server, firmBookingBody, ANONYMOUS);
    expect(errorOf(attack)).toEqual({ status: 401, code: 'unauthorized' });
    expect(server.store.idempotency.size).toBe(0);
  });

  it('row 7: one owner’s records are capped (429 quota_exceeded past the cap)', async () => {
    const server = await startServer({ maxRecordsPerOwner: 3 });
    const statuses: number[] = [];
    for (let index = 0; index < 4; index += 1) {
      statuses.push((await book(server, firmBookingBody)).status);
    }
    const over = await book(server, firmBookingBody);

    expect(statuses).toEqual([201, 201, 201, 429]);
    expect(errorOf(over)).toEqual({ status: 429, code: 'quota_exceeded' });
    expect(server.stats().bookingsCreated).toBe(3);
  });

  it('row 7: a caller flooding the API is answered 429 rate_limited with Retry-After', async () => {
    const server = await startServer({ rateLimits: { rest: { burst: 20, perSecond: 1 } } });
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => get(server, '/api/payment-methods')),
    );
    const limited = answers.filter((answer) => answer.status === 429);

    expect(answers.filter((answer) => answer.status === 200).length).toBeLessThanOrEqual(21);
    expect(limited.length).toBeGreaterThanOrEqual(19);
    expect(errorOf(limited[0]!)).toEqual({ status: 429, code: 'rate_limited' });
    expect(Number(limited[0]!.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
  });

  it('row 7: expiry does not walk every live record on each request', () => {
    const store = new IdempotencyStore();
    const records = 20_000;
    const startedAt = performance.now();
    for (let index = 0; index < records; index += 1) {
      const request = {
        scope: 'createBooking',
        // Spread over owners, so that the per-owner cap is not what is measured.
        owner: `owner-${index % 100}`,
        key: `key-${index}`,
        fingerprint: '{}',
      };
      store.begin(request);
      store.complete(request, { status: 201, body: {} });
    }
    const elapsedMs = performance.now() - startedAt;

    expect(store.size).toBe(records);
    // An O(n) prune per request makes this O(n²): 2·10⁸ steps, seconds. A queue: milliseconds.
    expect(elapsedMs).toBeLessThan(1_000);
  });
});
