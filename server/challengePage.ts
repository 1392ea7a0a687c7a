import type { Money } from './wireTypes';
/**
 * The simulated bank's 3-D Secure page: approve or deny, then back to the app.
 *
 * A plain form, without script: it posts the answer and the challenge id to `/3ds/<paymentId>`,
 * and the server redirects to the return path stored at confirm. Nothing in this page's URL
 * decides where the user goes next.
 */
export function challengePageHtml(paymentId: string, challengeId: string, amount: Money): string {
  return page(
    'Confirm this payment',
    `<p>Your bank asks you to approve a payment of <strong>${escapeHtml(formatMoney(amount))}</strong>
to <strong>${MERCHANT}</strong> (demo challenge: no real card is charged).</p>
<form method="post" action="/3ds/${escapeHtml(encodeURIComponent(paymentId))}">
<input type="hidden" name="challenge" value="${escapeHtml(challengeId)}">
<button type="submit" name="outcome" value="approve">Approve</button>
<button type="submit" name="outcome" value="deny">Deny</button>
</form>`,
  );
}

/** A challenge that was answered already (or whose payment moved on): back to the shop. */
export function challengeClosedHtml(returnPath: string): string {
  return page(
    'Nothing to confirm',
    `<p>This payment no longer waits for your answer.</p>
<p><a href="${escapeHtml(returnPath)}">Back to the shop</a></p>`,
  );
}

export const CHALLENGE_NOT_FOUND_HTML =
  '<!doctype html><title>Not found</title><p>Unknown payment challenge.</p>';

/** Who the user is paying, as a real 3-D Secure page names the merchant. */
const MERCHANT = 'the payment-flows demo shop';

/** `value` is in the currency's minor units (cents for EUR, yen for JPY). */
function formatMoney({ value, currency }: Money): string {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(value / 10 ** digits);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>3-D Secure check</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 28rem; margin: 4rem auto; padding: 0 1rem; }
button { font-size: 1rem; padding: 0.5rem 1.25rem; margin-right: 0.5rem; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
