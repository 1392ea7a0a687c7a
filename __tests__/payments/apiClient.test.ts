/** @jest-environment node */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isApiError, type ApiError } from '../../src/payments/apiError';
import { createApiClient } from '../../src/payments/apiClient';

/**
 * The REST client against a real HTTP server on 127.0.0.1, for what only a socket shows: a
 * body that stalls or is cut off after the headers, and the signals a request is abandoned by.
 */
type Handler = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server;
let handle: Handler;

beforeEach(async () => {
  server = createServer((request, response) => {
    handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const baseUrl = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const snapshot = {
  paymentId: 'pay_1',
  status: 'processing',
  seq: 3,
  occurredAt: 1_700_000_000_000,
};

async function failureOf(request: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await request.then(
    () => new Error('the request succeeded'),
    (reason: unknown) => reason,
  );
  if (!isApiError(error)) throw error;
  return error;
}

describe('the REST client', () => {
  it('reports a body that stalls after the headers as a timeout, which is retried', async () => {
    handle = (_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write('{"paymentId":');
    };
    const api = createApiClient({ baseUrl: baseUrl(), timeoutMs: 100 });

    const error = await failureOf(api.getPayment('pay_1'));

    expect(error).toMatchObject({ kind: 'network', code: 'timeout' });
    expect(error.isTransient).toBe(true);
  });

  it('reports a body cut off by the connection as a network error, which is retried', async () => {
    handle = (_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '200' });
      response.write('{"paymentId":', () => response.destroy());
    };
    const api = createApiClient({ baseUrl: baseUrl(), timeoutMs: 5_000 });

    const error = await failureOf(api.getPayment('pay_1'));

    expect(error).toMatchObject({ kind: 'network', code: 'network_error' });
    expect(error.isTransient).toBe(true);
  });

  it('reports a whole body that is not the expected JSON as an invalid response', async () => {
    handle = (_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('not json');
    };
    const api = createApiClient({ baseUrl: baseUrl() });

    const error = await failureOf(api.getPayment('pay_1'));

    expect(error).toMatchObject({ kind: 'invalidResponse', code: 'invalid_response' });
    expect(error.isTransient).toBe(false);
  });

  it.each([
    ['a payment’s status', (api: ReturnType<typeof createApiClient>) => api.getPayment('pay_1')],
    [
      'a payment’s confirm',
      (api: ReturnType<typeof createApiClient>) =>
        api.confirmPayment('pay_1', { paymentMethodId: 'pm_card_visa' }, 'key-1'),
    ],
  ])('refuses an answer to %s that is about another payment', async (_what, ask) => {
    handle = (_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ ...snapshot, paymentId: 'pay_2', status: 'succeeded' }));
    };
    const api = createApiClient({ baseUrl: baseUrl() });

    const error = await failureOf(ask(api));

    expect(error).toMatchObject({ kind: 'invalidResponse', code: 'invalid_response' });
    expect(error.message).toContain('pay_2');
  });

  it('refuses a release answered for another booking: this one may still be held', async () => {
    handle = (_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ bookingId: 'bk_2', status: 'cancelled' }));
    };
    const api = createApiClient({ baseUrl: baseUrl() });

    const error = await failureOf(api.cancelBooking('bk_1'));

    expect(error).toMatchObject({ kind: 'invalidResponse', code: 'invalid_response' });
  });

  it('waits out a timeout longer than a timer can hold (2^31 ms) instead of firing at once', async () => {
    handle = (_request, response) => {
      setTimeout(() => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(snapshot));
      }, 50);
    };
    const api = createApiClient({ baseUrl: baseUrl(), timeoutMs: 2 ** 32 });

    await expect(api.getPayment('pay_1')).resolves.toEqual(snapshot);
  });

  it.each([
    ['seconds', '2', 2_000],
    ['an HTTP date', () => new Date(Date.now() + 3_000).toUTCString(), 3_000],
  ])('reads a 429’s Retry-After given in %s', async (_form, header, expected) => {
    handle = (_request, response) => {
      response.writeHead(429, {
        'Content-Type': 'application/json',
        'Retry-After': typeof header === 'string' ? header : header(),
      });
      response.end(JSON.stringify({ error: { code: 'rate_limited', message: 'Slow down.' } }));
    };
    const api = createApiClient({ baseUrl: baseUrl() });

    const error = await failureOf(api.getPayment('pay_1'));

    expect(error).toMatchObject({ status: 429, code: 'rate_limited' });
    // An HTTP date has whole seconds only.
    expect(error.retryAfterMs).toBeGreaterThan(expected - 1_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(expected);
  });

  describe('where AbortSignal.any and AbortSignal.timeout are missing (Safari before 17.4)', () => {
    const platform = Object.getOwnPropertyDescriptors(AbortSignal);
    beforeEach(() => {
      Reflect.deleteProperty(AbortSignal, 'any');
      Reflect.deleteProperty(AbortSignal, 'timeout');
    });
    afterEach(() => {
      Object.defineProperties(AbortSignal, { any: platform.any, timeout: platform.timeout });
    });

    it('sends a request with a caller signal, and answers it', async () => {
      handle = (_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(snapshot));
      };
      const api = createApiClient({ baseUrl: baseUrl() });

      await expect(api.getPayment('pay_1', new AbortController().signal)).resolves.toEqual(
        snapshot,
      );
    });

    it('still gives up on a server that does not answer', async () => {
      handle = () => undefined;
      const api = createApiClient({ baseUrl: baseUrl(), timeoutMs: 100 });

      const error = await failureOf(api.getPayment('pay_1', new AbortController().signal));

      expect(error).toMatchObject({ kind: 'network', code: 'timeout' });
    });
  });

  it('rejects with the caller’s own abort, not an ApiError, when the caller gives up', async () => {
    let arrived: () => void = () => undefined;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    handle = () => {
      arrived();
    };
    const api = createApiClient({ baseUrl: baseUrl() });
    const caller = new AbortController();

    const request = api.getPayment('pay_1', caller.signal);
    await requestArrived;
    caller.abort();

    const error: unknown = await request.catch((reason: unknown) => reason);
    expect(isApiError(error)).toBe(false);
    expect(error).toMatchObject({ name: 'AbortError' });
  });
});
