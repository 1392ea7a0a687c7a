/** @jest-environment node */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PaymentMethod } from '../../server/paymentMethods';
import {
  ANONYMOUS,
  bearer,
  challengeIdIn,
  confirm,
  createFirmBooking,
  DEMO_TOKEN,
  demoServersClosedAfterEach,
  get,
} from './demoServerHarness';

const startServer = demoServersClosedAfterEach();

describe('HTTP surface', () => {
  it('accepts the right bearer token, and refuses a wrong one or none', async () => {
    const server = await startServer({ authToken: 'secret' });
    const path = '/api/payment-methods';
    const none = await get(server, path, ANONYMOUS);
    const right = await get(server, path, { Authorization: 'Bearer secret' });
    const wrong = await get(server, path, { Authorization: 'Bearer demo-token' });
    expect([none.status, right.status, wrong.status]).toEqual([401, 200, 401]);
    expect([none.body.error.code, wrong.body.error.code]).toEqual(['unauthorized', 'unauthorized']);
  });

  it('acts for the default token without a header only with the demo user on', async () => {
    const server = await startServer({ authToken: 'secret', anonymousDemoUser: true });
    const none = await get(server, '/api/payment-methods', ANONYMOUS);
    expect(none.status).toBe(200);
  });

  it('offers CORS to the configured origins only, never to any origin', async () => {
    const server = await startServer({ corsOrigins: ['http://localhost:3000'] });
    const preflight = (origin: string) =>
      fetch(`${server.url}/api/bookings`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
      });
    const allowed = await preflight('http://localhost:3000');
    const other = await preflight('http://evil.example');

    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:3000');
    expect(allowed.headers.get('Access-Control-Allow-Headers')).toBe(
      'Content-Type, Authorization, Idempotency-Key',
    );
    expect(allowed.headers.get('Vary')).toBe('Origin');
    expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('offers no CORS at all by default', async () => {
    const server = await startServer();
    const response = await fetch(`${server.url}/api/payment-methods`, {
      headers: { Origin: 'http://localhost:3000', ...bearer(DEMO_TOKEN) },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
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

  it("serves a 3-D Secure page, without script, that posts the challenge's answer", async () => {
    const server = await startServer();
    const { paymentId } = (await createFirmBooking(server)).payment;
    const challenged = await confirm(server, paymentId, 'pm_card_3ds');
    const url = challenged.body.nextAction?.url ?? '';

    const page = await fetch(url);
    const html = await page.text();
    const unknown = await fetch(`${server.url}/3ds/pay_nope?challenge=${challengeIdIn(url)}`);

    expect(page.headers.get('Content-Type')).toContain('text/html');
    expect(page.headers.get('Content-Security-Policy')).toMatch(/script-src 'none'/);
    expect(html).toContain('Approve');
    expect(html).toContain('Deny');
    expect(html).toContain(`<form method="post" action="/3ds/${paymentId}">`);
    expect(html).toContain(`name="challenge" value="${challengeIdIn(url)}"`);
    expect(html).not.toContain('<script');
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
      expect(script.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(await script.text()).toBe('console.log(1);');
      expect(route.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
      expect(await route.text()).toBe('<p>app</p>');
      expect(await escape.text()).toBe('<p>app</p>');
    });
  });
});
