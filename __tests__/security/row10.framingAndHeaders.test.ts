/** @jest-environment node */
/**
 * Issue 10, row 10 (headers): no response carried a CSP, `X-Frame-Options`, `nosniff` or a
 * `Referrer-Policy`, so any site could frame the bank page. The attack fails when the bank
 * page, the app page and the API all forbid framing and sniffing and send no referrer, and the
 * pages allow no inline code but their own (by hash). The framing itself, in Chromium:
 * row10.framingAndHeaders.browser.test.ts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { demoServersClosedAfterEach, get } from '../server/demoServerHarness';
import { VICTIM, confirmAs, firmBookingFor } from './twoUsers';

const startServer = demoServersClosedAfterEach();

const APP_STYLE = 'body { margin: 0 }';
const APP_HTML = `<!doctype html><html><head><style>${APP_STYLE}</style><script defer src="main.js"></script></head><body><div id="root"></div></body></html>`;

function expectNoFramingNoSniffing(headers: Headers): void {
  expect(headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
  expect(headers.get('X-Frame-Options')).toBe('DENY');
  expect(headers.get('X-Content-Type-Options')).toBe('nosniff');
  expect(headers.get('Referrer-Policy')).toBe('no-referrer');
}

/** The policy's directives by name. */
function directives(policy: string | null): Map<string, string> {
  return new Map(
    (policy ?? '').split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

describe('row 10: framing and security headers', () => {
  let staticDir: string;
  beforeEach(async () => {
    staticDir = await mkdtemp(join(tmpdir(), 'row10-'));
    await writeFile(join(staticDir, 'index.html'), APP_HTML);
    await writeFile(join(staticDir, 'main.js'), 'void 0;');
  });
  afterEach(() => rm(staticDir, { recursive: true, force: true }));

  it('row 10: the bank page forbids framing, runs no script and posts only to its origin', async () => {
    const server = await startServer({ staticDir });
    const { paymentId } = (await firmBookingFor(server, VICTIM)).payment;
    const challenged = await confirmAs(server, VICTIM, paymentId, 'pm_card_3ds');

    const page = await fetch(challenged.body.nextAction?.url ?? '');
    const policy = directives(page.headers.get('Content-Security-Policy'));

    expect(page.status).toBe(200);
    expectNoFramingNoSniffing(page.headers);
    expect(policy.get('default-src')).toBe("'none'");
    expect(policy.get('script-src')).toBe("'none'");
    expect(policy.get('form-action')).toBe("'self'");
    expect(policy.get('base-uri')).toBe("'none'");
  });

  it('row 10: the app page forbids framing and allows its inline style by hash only', async () => {
    const server = await startServer({ staticDir });
    const page = await fetch(`${server.url}/`);
    const policy = directives(page.headers.get('Content-Security-Policy'));
    const styleHash = createHash('sha256').update(APP_STYLE).digest('base64');

    expect(await page.text()).toBe(APP_HTML);
    expectNoFramingNoSniffing(page.headers);
    expect(policy.get('script-src')).toBe("'self'");
    expect(policy.get('style-src')).toBe(`'self' 'sha256-${styleHash}'`);
    expect(page.headers.get('Content-Security-Policy')).not.toContain('unsafe-inline');
  });

  it('row 10: API answers cannot be framed or sniffed either', async () => {
    const server = await startServer();
    const answer = await get(server, '/api/payment-methods');
    expect(answer.status).toBe(200);
    expectNoFramingNoSniffing(answer.headers);
  });
});
