/** @jest-environment node */
import { request } from 'node:http';
import type { DemoServer } from '../../server/demoServer';
import type { PaymentSnapshot } from '../../server/wireTypes';
import { createFirmBooking, DEMO_TOKEN, demoServersClosedAfterEach } from './demoServerHarness';

const startServer = demoServersClosedAfterEach();

/**
 * POST confirm with `pm_card_3ds` through `node:http`, so the test controls the `Host` header
 * the browser (or the webpack dev server's proxy, which keeps it) sends.
 */
function confirm3dsVia(
  server: DemoServer,
  paymentId: string,
  hostHeader: string,
): Promise<PaymentSnapshot> {
  const body = JSON.stringify({ paymentMethodId: 'pm_card_3ds', returnPath: '/' });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: `/api/payments/${paymentId}/confirm`,
        headers: {
          Host: hostHeader,
          Authorization: `Bearer ${DEMO_TOKEN}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': `flow-${Math.random()}:1`,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          resolve(JSON.parse(text) as PaymentSnapshot);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the 3-D Secure challenge URL', () => {
  it('is on the origin the browser reached, not on the address the server is bound to (HOST=0.0.0.0)', async () => {
    const server = await startServer({ host: '0.0.0.0' });
    const { paymentId } = (await createFirmBooking(server)).payment;

    const challenged = await confirm3dsVia(server, paymentId, `127.0.0.1:${server.port}`);

    expect(challenged.status).toBe('requiresAction');
    expect(new URL(challenged.nextAction?.url ?? '').origin).toBe(
      `http://127.0.0.1:${server.port}`,
    );
  });

  it('stays on the dev server that proxies /api and /3ds (npm run dev), so the return lands there', async () => {
    const server = await startServer();
    const { paymentId } = (await createFirmBooking(server)).payment;

    const challenged = await confirm3dsVia(server, paymentId, 'localhost:4200');

    expect(new URL(challenged.nextAction?.url ?? '').origin).toBe('http://localhost:4200');
  });
});
