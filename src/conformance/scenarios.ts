import { io } from 'socket.io-client';
import { createPaymentsStore } from '../payments/createPaymentsStore.js';
import { silentLogger } from '../payments/logger.js';
import { flowStarted, paymentSubmitted, retryRequested } from '../payments/paymentFlowsSlice.js';
import { PROTOCOL_SCHEMAS } from '../payments/protocol.js';
import { selectFlowById } from '../payments/selectors.js';
import { isTerminal, type FlowStatus } from '../payments/statusMachine.js';
import type { BookingDraft, PaymentFlow } from '../payments/types.js';

export interface Backend {
  /** The backend's base URL, also its socket.io URL. */
  url: string;
  token: string;
  /** How long one scenario may take. */
  timeoutMs: number;
  /** The test payment methods of the backend; the demo server's by default. */
  methods: { succeeds: string; declined: string; threeDSecure: string };
}

export interface Scenario {
  name: string;
  run(backend: Backend): Promise<void>;
}

/** A store of this module, as an app would create it, against the backend; closed after `use`. */
async function withClient(backend: Backend, scenario: (client: Client) => Promise<void>) {
  const client = createPaymentsStore({
    api: { baseUrl: backend.url, getAuthToken: () => backend.token },
    socket: { url: backend.url, getAuthToken: () => backend.token, transports: ['websocket'] },
    logger: silentLogger,
    navigate: () => undefined,
  });
  try {
    await scenario(client);
  } finally {
    await client.close();
  }
}

type Client = ReturnType<typeof createPaymentsStore>;

function waitForFlow(
  client: Client,
  flowId: string,
  until: (flow: PaymentFlow) => boolean,
  timeoutMs: number,
): Promise<PaymentFlow> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const flow = selectFlowById(client.store.getState(), flowId);
      if (!flow || !until(flow)) return;
      done();
      resolve(flow);
    };
    const unsubscribe = client.store.subscribe(check);
    const timer = setTimeout(() => {
      done();
      const status = selectFlowById(client.store.getState(), flowId)?.status ?? 'missing';
      reject(new Error(`the flow stayed ${status} for ${timeoutMs} ms`));
    }, timeoutMs);
    function done(): void {
      unsubscribe();
      clearTimeout(timer);
    }
    check();
  });
}

/** The flow in `status`; fails at once, with the flow's error, if it ends in another one. */
async function reaches(client: Client, flowId: string, status: FlowStatus, backend: Backend) {
  const flow = await waitForFlow(
    client,
    flowId,
    (candidate) => candidate.status === status || isTerminal(candidate),
    backend.timeoutMs,
  );
  if (flow.status !== status) {
    throw new Error(`the flow ended ${flow.status}: ${flow.error?.message ?? 'no error given'}`);
  }
  return flow;
}

let slot = 0;
/** A FIRM booking nobody else asks for: a distinct hour, far ahead. */
function freshDraft(): BookingDraft {
  slot += 1;
  const start = Date.UTC(2040, 0, 1) + (Date.now() % 1_000_000) * 3_600_000 + slot * 3_600_000;
  return { resourceId: 'room-1', start, durationMinutes: 60, bookingType: 'FIRM' };
}

async function heldFlow(client: Client, backend: Backend) {
  const { payload } = client.store.dispatch(flowStarted(freshDraft()));
  return reaches(client, payload.flowId, 'awaitingPayment', backend);
}

function pay(client: Client, flowId: string, paymentMethodId: string): void {
  client.store.dispatch(paymentSubmitted({ flowId, paymentMethodId, at: Date.now() }));
}

function expect(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
}

async function api(backend: Backend, path: string, init: RequestInit = {}) {
  const response = await fetch(`${backend.url}${path}`, {
    ...init,
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${backend.token}`,
      ...(init.headers as Record<string, string> | undefined),
    },
  });
  return { response, body: (await response.json()) as unknown };
}

/** One socket, connected with the token in the handshake `auth`, asking `flows:subscribe`. */
async function subscribeAck(backend: Backend, bookingIds: string[]): Promise<unknown> {
  const socket = io(backend.url, {
    auth: { token: backend.token },
    transports: ['websocket'],
    reconnection: false,
  });
  try {
    return (await socket
      .timeout(backend.timeoutMs)
      .emitWithAck('flows:subscribe', { bookingIds })) as unknown;
  } finally {
    socket.disconnect();
  }
}

/** What a backend must do for this client, each checked by the client itself where it can be. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'happy path: book, pay, succeeded',
    async run(backend) {
      await withClient(backend, async (client) => {
        const flow = await heldFlow(client, backend);
        expect(flow.holdExpiresAt !== undefined && flow.amount !== undefined, 'no hold or amount');
        pay(client, flow.flowId, backend.methods.succeeds);
        await reaches(client, flow.flowId, 'succeeded', backend);
      });
    },
  },
  {
    name: 'decline, then retry with another method: succeeded',
    async run(backend) {
      await withClient(backend, async (client) => {
        const { flowId } = await heldFlow(client, backend);
        pay(client, flowId, backend.methods.declined);
        const failed = await reaches(client, flowId, 'failed', backend);
        expect(failed.error?.retriable === true, 'a decline must be retriable');
        client.store.dispatch(retryRequested({ flowId, at: Date.now() }));
        await reaches(client, flowId, 'awaitingPayment', backend);
        pay(client, flowId, backend.methods.succeeds);
        await reaches(client, flowId, 'succeeded', backend);
      });
    },
  },
  {
    name: '3-D Secure: requiresAction with a URL, approved, succeeded',
    async run(backend) {
      await withClient(backend, async (client) => {
        const { flowId } = await heldFlow(client, backend);
        pay(client, flowId, backend.methods.threeDSecure);
        const waiting = await reaches(client, flowId, 'requiresAction', backend);
        expect(waiting.nextAction?.type === 'redirectToUrl', 'no redirectToUrl next action');
        // Answered as the bank page would: with the challenge id its URL carries.
        const challengeId = new URL(waiting.nextAction?.url ?? '', backend.url).searchParams.get(
          'challenge',
        );
        expect(challengeId !== null, 'the challenge URL carries no challenge id');
        const approve = await api(
          backend,
          `/api/payments/${waiting.paymentId ?? ''}/authenticate`,
          {
            method: 'POST',
            body: JSON.stringify({ outcome: 'approve', challengeId }),
          },
        );
        expect(approve.response.ok, `authenticate answered ${approve.response.status}`);
        await reaches(client, flowId, 'succeeded', backend);
      });
    },
  },
  {
    name: 'idempotent replay: the same key gives the same booking, marked replayed',
    async run(backend) {
      const request = {
        method: 'POST',
        body: JSON.stringify(freshDraft()),
        headers: { 'Idempotency-Key': `conformance-${String(Date.now())}-${String(slot)}` },
      };
      const first = await api(backend, '/api/bookings', request);
      const second = await api(backend, '/api/bookings', request);
      const { bookingResponse } = PROTOCOL_SCHEMAS;
      const [a, b] = [
        bookingResponse.safeParse(first.body),
        bookingResponse.safeParse(second.body),
      ];
      expect(a.success && b.success, 'a booking response does not match the protocol');
      expect(a.data?.bookingId === b.data?.bookingId, 'the replay made a second booking');
      expect(
        second.response.headers.get('Idempotent-Replayed') === 'true',
        'no Idempotent-Replayed',
      );
    },
  },
  {
    name: 'idempotent confirm: the same key gives the same answer, marked replayed, and charges once',
    async run(backend) {
      const booking = PROTOCOL_SCHEMAS.bookingResponse.safeParse(
        (
          await api(backend, '/api/bookings', {
            method: 'POST',
            body: JSON.stringify(freshDraft()),
            headers: { 'Idempotency-Key': `conformance-${String(Date.now())}-${String(slot)}` },
          })
        ).body,
      );
      const paymentId = booking.data?.payment?.paymentId;
      expect(paymentId !== undefined, 'the booking came without a payment');
      // A decline leaves the payment confirmable again: a backend that ignores the key charges
      // the card a second time instead of replaying the first answer.
      const confirm = {
        method: 'POST',
        body: JSON.stringify({ paymentMethodId: backend.methods.declined }),
        headers: { 'Idempotency-Key': `conformance-confirm-${paymentId ?? ''}:1` },
      };
      const first = await api(backend, `/api/payments/${paymentId ?? ''}/confirm`, confirm);
      const second = await api(backend, `/api/payments/${paymentId ?? ''}/confirm`, confirm);
      expect(first.response.status === 200, `the confirm answered ${first.response.status}`);
      expect(
        second.response.status === first.response.status &&
          JSON.stringify(second.body) === JSON.stringify(first.body),
        'the replayed confirm was answered differently: it ran again',
      );
      expect(
        second.response.headers.get('Idempotent-Replayed') === 'true',
        'no Idempotent-Replayed',
      );
    },
  },
  {
    name: 'resubscribe: the acknowledgement carries the payment’s snapshot',
    async run(backend) {
      await withClient(backend, async (client) => {
        const flow = await heldFlow(client, backend);
        const ack = PROTOCOL_SCHEMAS.subscribeAck.safeParse(
          await subscribeAck(backend, [flow.bookingId ?? '']),
        );
        expect(ack.success, 'the acknowledgement does not match the protocol');
        const snapshot = ack.data?.snapshots.find((s) => s.paymentId === flow.paymentId);
        expect(snapshot?.status === 'awaitingPayment', 'no snapshot of the booking’s payment');
      });
    },
  },
  {
    name: 'unknown ids: 404 not_found over REST, rejected not_found over the socket',
    async run(backend) {
      const missing = await api(backend, '/api/payments/pay_conformance_unknown');
      const error = PROTOCOL_SCHEMAS.errorBody.safeParse(missing.body);
      expect(missing.response.status === 404, `GET answered ${missing.response.status}`);
      expect(error.data?.error.code === 'not_found', 'the 404 is not an error body with not_found');
      const ack = PROTOCOL_SCHEMAS.subscribeAck.safeParse(
        await subscribeAck(backend, ['bk_conformance_unknown']),
      );
      expect(
        ack.data?.rejected.some((r) => r.code === 'not_found') === true,
        'an unknown booking is not rejected with not_found',
      );
    },
  },
];

export interface ScenarioResult {
  name: string;
  passed: boolean;
  ms: number;
  reason?: string;
}

/** Runs every scenario against the backend, one after another; never throws. */
export async function runConformance(backend: Backend): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of SCENARIOS) {
    const startedAt = performance.now();
    try {
      await scenario.run(backend);
      results.push({ name: scenario.name, passed: true, ms: performance.now() - startedAt });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      results.push({
        name: scenario.name,
        passed: false,
        ms: performance.now() - startedAt,
        reason,
      });
    }
  }
  return results;
}
