/** @jest-environment node */
import { demoServersClosedAfterEach } from './demoServerHarness';

const startServer = demoServersClosedAfterEach();

/** docs/PROTOCOL.md, Security headers: "Every response carries …". */
function expectSecurityHeaders(headers: Headers): void {
  expect(headers.get('X-Content-Type-Options')).toBe('nosniff');
  expect(headers.get('X-Frame-Options')).toBe('DENY');
  expect(headers.get('Referrer-Policy')).toBe('no-referrer');
  expect(headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
}

describe('security headers on the socket.io endpoint', () => {
  it('are sent on the long-polling handshake, as on every other response', async () => {
    const server = await startServer();
    const handshake = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    await handshake.text();
    expect(handshake.status).toBe(200);
    expectSecurityHeaders(handshake.headers);
  });

  it('are sent on a refused engine.io request too', async () => {
    const server = await startServer();
    const refused = await fetch(`${server.url}/socket.io/?EIO=9&transport=polling`);
    await refused.text();
    expect(refused.status).toBe(400);
    expectSecurityHeaders(refused.headers);
  });
});
