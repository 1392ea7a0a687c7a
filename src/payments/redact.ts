/** Keys whose values never leave the process: not to logs, storage or DevTools. */
const SECRET_KEY = /card|cvc|cvv|secret|token|password|authorization|pan$/i;
/** A run of 13-19 digits, optionally grouped: what a card number looks like in free text. */
const CARD_NUMBER = /\b(?:\d[ -]?){12,18}\d\b/g;

export const REDACTED = '[redacted]';

/** A deep copy with secret keys and card-like numbers replaced; leaves other values as they are. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(CARD_NUMBER, REDACTED);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) ? REDACTED : redactSecrets(item, depth + 1);
  }
  return copy;
}

/** A redirect URL may carry a client secret in its query (as Stripe's do): keep only its path. */
export function redactUrl(url: string): string {
  const queryStart = url.search(/[?#]/);
  return queryStart === -1 ? url : `${url.slice(0, queryStart)}?${REDACTED}`;
}
