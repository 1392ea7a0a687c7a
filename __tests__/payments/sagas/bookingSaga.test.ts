import { flowStarted, retryRequested } from '../../../src/payments/paymentFlowsSlice';
import { selectAllFlows, selectFlowByBookingId } from '../../../src/payments/selectors';
import { uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import {
  BOOKINGS,
  bookingReply,
  errorReply,
  noPaymentBookingReply,
  setup,
  stopSagas,
} from './fixtures';

afterEach(stopSagas);

describe('booking creation saga', () => {
  it('creates the booking with the flowId as idempotency key and links the server ids', async () => {
    const { server, store } = setup();
    const reply = bookingReply();
    server.script(BOOKINGS, reply);
    const draft = uniqueDraft();
    const { payload } = store.dispatch(flowStarted(draft));

    const flow = await waitForStatus(store, payload.flowId, 'awaitingPayment');

    const [request] = server.requestsTo(BOOKINGS);
    expect(request?.headers['Idempotency-Key']).toBe(payload.flowId);
    expect(request?.body).toEqual(draft);
    expect(flow).toMatchObject({
      bookingId: reply.body.bookingId,
      paymentId: reply.body.payment.paymentId,
      holdExpiresAt: reply.body.holdExpiresAt,
      amount: { value: 5000, currency: 'EUR' },
      serverSeq: 1,
    });
    expect(selectFlowByBookingId(store.getState(), reply.body.bookingId)?.flowId).toBe(
      payload.flowId,
    );
  });

  it.each([
    ['5xx', [errorReply(503, 'service_unavailable'), errorReply(502, 'bad_gateway')]],
    ['network errors', [{ networkError: true as const }, { networkError: true as const }]],
    ['409 in-flight conflicts', [errorReply(409, 'idempotency_in_flight')]],
  ])('retries after %s with the same key, then succeeds', async (_label, failures) => {
    const { server, store } = setup();
    server.script(BOOKINGS, ...failures, bookingReply());
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));

    await waitForStatus(store, payload.flowId, 'awaitingPayment');

    const keys = server.requestsTo(BOOKINGS).map((request) => request.headers['Idempotency-Key']);
    expect(keys).toEqual(Array(failures.length + 1).fill(payload.flowId));
  });

  it('gives up after the bounded number of transient failures, retriable', async () => {
    const { server, store } = setup();
    server.otherwise(BOOKINGS, errorReply(503, 'service_unavailable'));
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));

    const flow = await waitForStatus(store, payload.flowId, 'failed');

    expect(server.requestsTo(BOOKINGS)).toHaveLength(4);
    expect(flow.error).toMatchObject({ code: 'service_unavailable', retriable: true });
  });

  it.each([
    ['still running under its key past the in-flight budget', 'idempotency_in_flight', 409, 20],
    ['turned away by the rate limit on every retry', 'rate_limited', 429, 4],
  ])(
    'a booking request %s fails retriable, and the retry replays the key',
    async (_label, code, status, answers) => {
      const { server, store } = setup();
      const refusals = Array.from({ length: answers }, () => errorReply(status, code));
      server.script(BOOKINGS, ...refusals, bookingReply());
      const { payload } = store.dispatch(flowStarted(uniqueDraft()));

      const failed = await waitForStatus(store, payload.flowId, 'failed');
      expect(failed.error).toMatchObject({ code, retriable: true });
      store.dispatch(retryRequested({ flowId: payload.flowId, at: Date.now() }));
      await waitForStatus(store, payload.flowId, 'awaitingPayment');

      const keys = server.requestsTo(BOOKINGS).map((request) => request.headers['Idempotency-Key']);
      expect(keys).toEqual(Array(answers + 1).fill(payload.flowId));
    },
  );

  it('waits out a 429 for its Retry-After, then books with the same key', async () => {
    const { server, store } = setup();
    const limited = { ...errorReply(429, 'rate_limited'), headers: { 'Retry-After': '1' } };
    server.script(BOOKINGS, limited, bookingReply());
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));

    await waitForStatus(store, payload.flowId, 'awaitingPayment');

    const [first, second] = server.requestsTo(BOOKINGS);
    expect([first?.headers['Idempotency-Key'], second?.headers['Idempotency-Key']]).toEqual([
      payload.flowId,
      payload.flowId,
    ]);
    // The test timings back off in milliseconds: the wait is the server's.
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('gives up at once on a 429 asking for more than a minute, retriable', async () => {
    const { server, store } = setup();
    const limited = { ...errorReply(429, 'rate_limited'), headers: { 'Retry-After': '3600' } };
    server.script(BOOKINGS, limited);
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));

    const flow = await waitForStatus(store, payload.flowId, 'failed');

    expect(server.requestsTo(BOOKINGS)).toHaveLength(1);
    expect(flow.error).toMatchObject({ code: 'rate_limited', retriable: true });
  });

  it('fails the flow at once on any other 4xx, with the server message', async () => {
    const { server, store } = setup();
    server.script(BOOKINGS, errorReply(400, 'invalid_request'));
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));

    const flow = await waitForStatus(store, payload.flowId, 'failed');

    expect(server.requestsTo(BOOKINGS)).toHaveLength(1);
    expect(flow.error).toEqual({
      code: 'invalid_request',
      message: 'invalid_request (scripted)',
      retriable: false,
    });
  });

  it('treats a double click on Confirm as one flow and one booking request', async () => {
    const { server, store } = setup();
    server.script(BOOKINGS, bookingReply());
    const draft = uniqueDraft();
    const first = store.dispatch(flowStarted(draft));
    store.dispatch(flowStarted(draft));

    await waitForStatus(store, first.payload.flowId, 'awaitingPayment');

    expect(selectAllFlows(store.getState())).toHaveLength(1);
    expect(server.requestsTo(BOOKINGS)).toHaveLength(1);
  });

  it('drops a response that does not match the schema and fails the flow clearly', async () => {
    const { server, store } = setup();
    server.script(BOOKINGS, { status: 201, body: { bookingId: 42 } });
    const { payload } = store.dispatch(flowStarted(uniqueDraft()));

    const flow = await waitForStatus(store, payload.flowId, 'failed');

    expect(flow.error?.code).toBe('invalid_response');
    expect(flow.bookingId).toBeUndefined();
  });

  it('completes a booking that needs no payment straight to succeeded', async () => {
    const { server, store } = setup();
    server.script(BOOKINGS, noPaymentBookingReply);
    const { payload } = store.dispatch(flowStarted(uniqueDraft({ bookingType: 'TENTATIVE' })));

    const flow = await waitForStatus(store, payload.flowId, 'succeeded');

    expect(flow.history.map((step) => step.to)).toEqual(['creatingBooking', 'succeeded']);
  });
});
