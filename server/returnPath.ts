/**
 * Where the 3-D Secure page may send the user back to: a path on this site, never anywhere else.
 *
 * A prefix rule (`/…` but not `//…`) is not enough: browsers read `/\evil.example/` as
 * `//evil.example/`, and drop tabs and newlines from URLs, so `/\t/evil.example` is
 * `//evil.example` too. A path is therefore refused when it holds a backslash or a control
 * character, raw or percent-encoded (it may be decoded once more on its way), and it must resolve,
 * with `new URL(path, origin)`, to the very origin it was resolved against.
 */
const MAX_RETURN_PATH = 512;
const PROBE_ORIGIN = 'http://return-path.invalid';
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f\\]/;
/** `%00`-`%1F`, `%7F` and `%5C` (backslash), in either case. */
const UNSAFE_ESCAPE = /%(?:[01][0-9a-f]|7f|5c)/i;

export function isSafeReturnPath(path: string): boolean {
  if (path.length === 0 || path.length > MAX_RETURN_PATH) return false;
  if (!path.startsWith('/') || path.startsWith('//')) return false;
  if (UNSAFE_CHARACTER.test(path) || UNSAFE_ESCAPE.test(path)) return false;
  let resolved: URL;
  try {
    resolved = new URL(path, PROBE_ORIGIN);
  } catch {
    return false;
  }
  return resolved.origin === PROBE_ORIGIN;
}

/** Where a challenge without a return path sends the user: the site's root. */
export const DEFAULT_RETURN_PATH = '/';
