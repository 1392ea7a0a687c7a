/** @jest-environment node */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PaymentMethod } from '../../server/paymentMethods';
import { confirm, createFirmBooking, demoServersClosedAfterEach, get } from './demoServerHarness';

const startServer = demoServersClosedAfterEach();

describe('HTTP surface', () => {
  it('accepts the right bearer token or none, and rejects a wrong one', async () => {
    const server = await startServer({ authToken: 'secret' });
    const path = '/api/payment-methods';
    const none = await get(server, path);
    const right = await get(server, path, { Authorization: 'Bearer secret' });
    const wrong = await get(server, path, { Authorization: 'Bearer demo-token' });
    expect([none.status, right.status, wrong.status]).toEqual([200, 200, 401]);
    expect(wrong.body.error.code).toBe('unauthorized');
  });

  it('answers CORS preflight for any origin', async () => {
    const server = await startServer();
    const response = await fetch(`${server.url}/api/bookings`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(response.headers.get('Access-Control-Allow-Headers')).toBe(
      'Content-Type, Authorization, Idempotency-Key',
    );
  });

  it('lists the test payment methods by id and last4 only', async () => {
    const server = await startServer();
    const result = await get<{ paymentMethods: PaymentMethod[] }>(server, '/api/payment-methods');
    expect(result.body.paymentMethods.map(({ id, last4 }) => [id, last4])).toEqual([
      ['pm_card_visa', '4242'],
      ['pm_card_declined', '0002'],
      ['pm_card_3ds', '3155'],
      ['pm_card_slow', '1881'],
    ]);
    expect(Object.keys(result.body.paymentMethods[0]!).sort()).toEqual(
      ['behaviour', 'brand', 'id', 'label', 'last4'].sort(),
    );
  });

  it('serves a 3-D Secure page that answers the authenticate endpoint', async () => {
    const server = await startServer();
    const { paymentId } = (await createFirmBooking(server)).payment;
    const challenged = await confirm(server, paymentId, 'pm_card_3ds');

    const page = await fetch(challenged.body.nextAction!.url);
    const html = await page.text();
    const unknown = await fetch(`${server.url}/3ds/pay_nope`);

    expect(page.headers.get('Content-Type')).toContain('text/html');
    expect(html).toContain('Approve');
    expect(html).toContain('Deny');
    expect(html).toContain('/authenticate');
    expect(html).toContain('location.href = returnPath');
    expect(html).toContain(JSON.stringify(paymentId));
    expect(unknown.status).toBe(404);
  });

  it('answers 404 not_found for an unknown API path', async () => {
    const server = await startServer();
    const result = await get(server, '/api/nothing-here');
    expect([result.status, result.body.error.code]).toEqual([404, 'not_found']);
  });

  describe('static files', () => {
    let staticDir: string;
    beforeEach(async () => {
      staticDir = await mkdtemp(join(tmpdir(), 'demo-dist-'));
      await writeFile(join(staticDir, 'index.html'), '<p>app</p>');
      await writeFile(join(staticDir, 'main.js'), 'console.log(1);');
    });
    afterEach(() => rm(staticDir, { recursive: true, force: true }));

    it('serves files, falls back to index.html, and stays inside the directory', async () => {
      const server = await startServer({ staticDir });
      const script = await fetch(`${server.url}/main.js`);
      const route = await fetch(`${server.url}/checkout?flow_return=1`);
      const escape = await fetch(`${server.url}/%2e%2e/%2e%2e/etc/passwd`);

      expect(script.headers.get('Content-Type')).toContain('text/javascript');
      expect(await script.text()).toBe('console.log(1);');
      expect(await route.text()).toBe('<p>app</p>');
      expect(await escape.text()).toBe('<p>app</p>');
    });
  });
});
