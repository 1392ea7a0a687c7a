import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { contentSecurityPolicy } from './securityHeaders';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Serves a file from `rootDir`; unknown paths get index.html so client-side routes work. */
export async function serveStatic(
  res: ServerResponse,
  rootDir: string,
  pathname: string,
): Promise<void> {
  const root = resolve(rootDir);
  const file = (await existingFile(root, pathname)) ?? join(root, 'index.html');
  try {
    const content = await readFile(file);
    const extension = extname(file);
    const contentType = CONTENT_TYPES[extension] ?? 'application/octet-stream';
    // A page runs under its own policy: its inline styles and scripts allowed by hash only.
    const policy =
      extension === '.html'
        ? { 'Content-Security-Policy': contentSecurityPolicy(content.toString('utf8'), 'app') }
        : {};
    res.writeHead(200, { ...policy, 'Content-Type': contentType });
    res.end(content);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found');
  }
}

async function existingFile(root: string, pathname: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const candidate = resolve(join(root, decoded));
  // Refuse anything that escapes the root, e.g. /../../etc/passwd.
  if (!candidate.startsWith(root + sep)) return undefined;
  try {
    return (await stat(candidate)).isFile() ? candidate : undefined;
  } catch {
    return undefined;
  }
}
