/**
 * Where the client lets a server send the user for 3-D Secure. `nextAction.url` comes from the
 * network: a compromised or buggy backend must not be able to run `javascript:` in the shop's
 * page or send the user to a look-alike site over plain HTTP.
 */
export interface RedirectPolicy {
  /** If given, only these hosts (`host[:port]`) are followed, whatever the scheme. */
  allowedHosts?: readonly string[];
  /** This page's origin: a same-origin URL is as trusted as the page itself. */
  pageOrigin?: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isSafeRedirect(url: string, policy: RedirectPolicy): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const { protocol, hostname, host, origin } = parsed;
  if (protocol !== 'https:' && protocol !== 'http:') return false;
  if (policy.allowedHosts !== undefined && !policy.allowedHosts.includes(host)) return false;
  return protocol === 'https:' || LOOPBACK_HOSTS.has(hostname) || origin === policy.pageOrigin;
}

export const UNSAFE_REDIRECT_ERROR = {
  code: 'unsafe_redirect',
  message:
    "Your bank's confirmation page could not be opened: its address is not one this shop trusts. Nothing was charged; try again, or pick another card.",
  retriable: true,
};
