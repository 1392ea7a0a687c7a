/**
 * A fetch that answers from a script, so saga tests run the real API client (headers,
 * idempotency keys, validation) without a server. Unscripted calls answer 500.
 */
export type Reply =
  /** `body` may be made from the request's path: an answer that names what was asked about. */
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { networkError: true }
  /** Never answers; rejects when the request is aborted. */
  | { hang: true }
  /** A response object that throws when read: an unexpected bug inside the saga. */
  | { crash: string };

export interface RecordedRequest {
  method: string;
  route: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal | undefined;
  /** When it was sent (performance.now()). */
  at: number;
}

/** `/api/payments/pay_1/confirm` → `/api/payments/:id/confirm`, to script a route once. */
function routeOf(method: string, path: string): string {
  return `${method} ${path.replace(/\/(payments|bookings)\/[^/]+/, '/$1/:id')}`;
}

export interface ScriptedServerOptions {
  /** The server's clock, sent as each response's `Date` header; none is sent without it. */
  clock?: () => number;
}

export function createScriptedFetch(
  baseUrl = 'http://api.test',
  options: ScriptedServerOptions = {},
) {
  const scripts = new Map<string, Reply[]>();
  const fallbacks = new Map<string, Reply>();
  const requests: RecordedRequest[] = [];

  function answer(reply: Reply, path: string, signal: AbortSignal | undefined): Promise<Response> {
    if ('networkError' in reply) return Promise.reject(new TypeError('fetch failed'));
    if ('hang' in reply) {
      return new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => {
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    }
    if ('crash' in reply) {
      const message = reply.crash;
      return Promise.resolve({
        get ok(): boolean {
          throw new Error(message);
        },
        text: () => Promise.resolve('{}'),
      } as unknown as Response);
    }
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      ...reply.headers,
    };
    if (options.clock) headers.Date = new Date(options.clock()).toUTCString();
    const body: unknown =
      typeof reply.body === 'function'
        ? (reply.body as (path: string) => unknown)(path)
        : reply.body;
    return Promise.resolve(
      new Response(JSON.stringify(body ?? {}), { status: reply.status, headers }),
    );
  }

  const fetchImpl = (input: string, init?: RequestInit): Promise<Response> => {
    const url = new URL(input);
    const method = init?.method ?? 'GET';
    const route = routeOf(method, url.pathname);
    requests.push({
      method,
      route,
      path: url.pathname,
      headers: { ...(init?.headers as Record<string, string>) },
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      signal: init?.signal ?? undefined,
      at: performance.now(),
    });
    const reply = scripts.get(route)?.shift() ?? fallbacks.get(route) ?? { status: 500 };
    return answer(reply, url.pathname, init?.signal ?? undefined);
  };

  return {
    baseUrl,
    fetch: fetchImpl,
    requests,
    /** Replies used once each, in order, for `route` ('POST /api/bookings'). */
    script(route: string, ...replies: Reply[]) {
      scripts.set(route, [...(scripts.get(route) ?? []), ...replies]);
    },
    /** The reply once the script for `route` is used up. */
    otherwise(route: string, reply: Reply) {
      fallbacks.set(route, reply);
    },
    requestsTo(route: string): RecordedRequest[] {
      return requests.filter((request) => request.route === route);
    },
  };
}

export type ScriptedFetch = ReturnType<typeof createScriptedFetch>;

/** A release's answer for the booking in its path (`/api/bookings/:id/cancel`). */
export function releasedReply(status: 'cancelled' | 'expired' = 'cancelled'): Reply {
  return {
    status: 200,
    body: (path: string) => ({ bookingId: decodeURIComponent(path.split('/')[3] ?? ''), status }),
  };
}
