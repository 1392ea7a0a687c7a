/**
 * The one redactor: logs, DevTools actions and DevTools state all pass through `redactSecrets`.
 * What it hides never leaves the process: auth tokens, client secrets, card numbers.
 */

/** Keys whose values are never shown. */
const SECRET_KEY = /card|cvc|cvv|secret|token|password|authorization|^pan$/i;
/**
 * 13 to 19 digits, optionally grouped by spaces or hyphens, not part of a longer word or id (a
 * uuid's digit groups are not a card number); a real card number also passes the Luhn check.
 * What comes before is matched as group 1 and put back, not looked behind: a lookbehind is a
 * syntax error before Safari 16.4, and this module would not even load there.
 */
const CARD_NUMBER = /(^|[^\w-])((?:\d[ -]?){12,18}\d)(?![\w-])/g;
/**
 * `name=value` in a URL or text whose name says secret; the value is hidden, the name kept. Also
 * at the very start of the text (a query string or form body logged as it is). The name is read
 * by lookaheads, which never backtrack once matched: `[\w.-]*secret[\w.-]*=` backtracked over
 * the whole name for each place the word appears (quadratic: a server's 100 KB error message
 * such as `tokentoken…!=` froze the page for seconds, once per log line and DevTools action).
 */
const SECRET_PARAM =
  /((?:^|[?&#;\s])(?=[\w.-]*(?:secret|token|password|signature|sig|auth|apikey|api_key))(?=([\w.-]+=))\2)[^&#\s]+/gi;
/** A processor's client secret (`pi_…_secret_…`) in free text, such as a server's error message. */
const CLIENT_SECRET = /\b[A-Za-z0-9]+_[A-Za-z0-9]+_secret_[A-Za-z0-9]+/g;
/**
 * An HTTP credential in free text. The scheme is case-insensitive in HTTP (`bearer`, `BEARER`);
 * a lower-case `basic` is left alone, as prose ("basic checks") uses it.
 */
const CREDENTIAL = /\b([Bb]earer|BEARER|Basic|BASIC)\s+[\w.~+/=-]+/g;
/** Deeper than this, a whole subtree is hidden: nothing unread is shown by accident. */
const MAX_DEPTH = 8;

export const REDACTED = '[redacted]';

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function redactText(text: string): string {
  let redacted = text.replace(CARD_NUMBER, (_match, before: string, digits: string) =>
    passesLuhn(digits.replace(/[ -]/g, '')) ? `${before}${REDACTED}` : `${before}${digits}`,
  );
  // Each pattern below needs its literal part: a line without it (most of them: every log line
  // and every string in a DevTools action is redacted) skips the scan, and costs a third.
  if (redacted.includes('=')) redacted = redacted.replace(SECRET_PARAM, `$1${REDACTED}`);
  if (redacted.includes('_secret_')) redacted = redacted.replace(CLIENT_SECRET, REDACTED);
  return redacted.replace(CREDENTIAL, `$1 ${REDACTED}`);
}

/**
 * A card number stored as a number. From 14 digits: every 13-digit number here is an epoch-ms
 * time, and 13-digit card numbers are no longer issued.
 */
function isCardLikeNumber(value: number): boolean {
  if (!Number.isSafeInteger(value) || value < 1e13) return false;
  return passesLuhn(String(value));
}

/** A redirect URL may carry a client secret in its query (as Stripe's do): keep only its path. */
export function redactUrl(url: string): string {
  const queryStart = url.search(/[?#]/);
  return queryStart === -1 ? url : `${url.slice(0, queryStart)}?${REDACTED}`;
}

/**
 * A deep copy with secrets replaced: secret-looking keys, card-like numbers and strings, secret
 * URL parameters and credentials in text, and any `url`'s query. The copies have no prototype,
 * so a `__proto__` key in the input is only ever data.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'number') return isCardLikeNumber(value) ? REDACTED : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((item: unknown) => redactSecrets(item, depth + 1));
  const copy: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_KEY.test(key)) copy[key] = REDACTED;
    else if (key === 'url' && typeof item === 'string') copy[key] = redactUrl(redactText(item));
    else copy[key] = redactSecrets(item, depth + 1);
  }
  return copy;
}
