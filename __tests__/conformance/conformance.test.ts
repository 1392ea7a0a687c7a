/** @jest-environment node */
import { startDemoServer, type DemoServer } from '../../server/demoServer';
import { runConformance, SCENARIOS, type Backend } from '../../src/conformance/scenarios';

const methods = {
  succeeds: 'pm_card_visa',
  declined: 'pm_card_declined',
  threeDSecure: 'pm_card_3ds',
};
let server: DemoServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the conformance kit', () => {
  it('finds that the demo server conforms in every scenario', async () => {
    server = await startDemoServer({ processingDelayMs: 50 });
    const backend: Backend = { url: server.url, token: 'demo-token', timeoutMs: 5_000, methods };

    const results = await runConformance(backend);

    expect(results.map(({ name, passed, reason }) => ({ name, passed, reason }))).toEqual(
      SCENARIOS.map(({ name }) => ({ name, passed: true, reason: undefined })),
    );
  });

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
