/** @jest-environment node */
import { startDemoServer, type DemoServer } from '../../server/demoServer';
import { IdempotencyStore, type IdempotencyOutcome } from '../../server/idempotency';
import { runConformance, SCENARIOS, type Backend } from '../../src/conformance/scenarios';

const methods = {
  succeeds: 'pm_card_visa',
  declined: 'pm_card_declined',
  threeDSecure: 'pm_card_3ds',
};
let server: DemoServer | undefined;

afterEach(async () => {
  jest.restoreAllMocks();
  await server?.close();
  server = undefined;
});

/** A broken backend: requests of `scope` run again whatever their Idempotency-Key. */
function ignoreIdempotencyKeysOf(scope: string): void {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its `this` below
  const begin = IdempotencyStore.prototype.begin;
  jest.spyOn(IdempotencyStore.prototype, 'begin').mockImplementation(function (
    this: IdempotencyStore,
    request,
    admit,
  ): IdempotencyOutcome {
    if (request.scope === scope) return { kind: 'started' };
    return begin.call(this, request, admit);
  });
}

describe('the conformance kit', () => {
  it('finds that the demo server conforms in every scenario', async () => {
    server = await startDemoServer({ processingDelayMs: 50 });
    const backend: Backend = { url: server.url, token: 'demo-token', timeoutMs: 5_000, methods };

    const results = await runConformance(backend);

    expect(results.map(({ name, passed, reason }) => ({ name, passed, reason }))).toEqual(
      SCENARIOS.map(({ name }) => ({ name, passed: true, reason: undefined })),
    );
  });

  it.each([
    ['createBooking', 'idempotent replay: the same key gives the same booking, marked replayed'],
    [
      'confirmPayment',
      'idempotent confirm: the same key gives the same answer, marked replayed, and charges once',
    ],
  ])(
    'finds a backend that runs %s again on a replayed Idempotency-Key not conforming',
    async (scope, scenario) => {
      ignoreIdempotencyKeysOf(scope);
      server = await startDemoServer({ processingDelayMs: 50 });
      const backend: Backend = { url: server.url, token: 'demo-token', timeoutMs: 5_000, methods };

      const results = await runConformance(backend);

      expect(results.filter((result) => !result.passed).map((result) => result.name)).toEqual([
        scenario,
      ]);
    },
  );

  it('reports every scenario of a backend that is not there as not conforming, with a reason', async () => {
    server = await startDemoServer();
    const { url } = server;
    await server.close();
    server = undefined;
    const backend: Backend = { url, token: 'demo-token', timeoutMs: 300, methods };

    const results = await runConformance(backend);

    expect(results.every((result) => !result.passed && (result.reason ?? '') !== '')).toBe(true);
  });
});
