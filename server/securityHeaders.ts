import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/**
 * Headers on every response. No page of this server may be framed (`frame-ancestors 'none'`,
 * and `X-Frame-Options` for older browsers), so another site cannot overlay the bank page's
 * Approve button; no response is content-sniffed into something executable; no URL leaks in
 * a Referer.
 */
const BASE_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  // For JSON and everything that is not a page: nothing runs, nothing frames it.
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};

export function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(BASE_HEADERS)) res.setHeader(name, value);
}

/** What a page may load besides its own inline `<script>` and `<style>` elements. */
export type PagePolicy = 'app' | 'challenge';

const POLICIES: Readonly<Record<PagePolicy, readonly string[]>> = {
  // The demo app: its bundles, its API and socket.io on the same origin (`'self'` covers ws:).
  app: [
    "default-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ],
  // The bank page: no script at all, its form posts (and redirects) to this origin only.
  challenge: [
    "default-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ],
};

const INLINE_ELEMENT = /<(script|style)\b([^>]*)>([\s\S]*?)<\/\1\s*>/gi;

/**
 * The Content-Security-Policy of an HTML page: its inline scripts and styles are allowed by
 * their sha256 hash (none by `'unsafe-inline'`), so anything injected into the page does not run.
 */
export function contentSecurityPolicy(html: string, policy: PagePolicy): string {
  const hashes = { script: new Set<string>(), style: new Set<string>() };
  for (const [, tag = '', attributes = '', content = ''] of html.matchAll(INLINE_ELEMENT)) {
    const kind = tag.toLowerCase() === 'script' ? 'script' : 'style';
    if (kind === 'script' && /\bsrc\s*=/i.test(attributes)) continue;
    hashes[kind].add(`'sha256-${createHash('sha256').update(content).digest('base64')}'`);
  }
  const self = policy === 'app' ? ["'self'"] : [];
  const sources = (kind: 'script' | 'style') => {
    const list = [...self, ...hashes[kind]];
    return list.length === 0 ? "'none'" : list.join(' ');
  };
  return [
    ...POLICIES[policy],
    `script-src ${sources('script')}`,
    `style-src ${sources('style')}`,
  ].join('; ');
}
