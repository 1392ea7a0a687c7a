/** The simulated bank's 3-D Secure page: approve or deny, then back to the app. */
export function challengePageHtml(paymentId: string): string {
  // JSON keeps the id a string literal; escaping `<` keeps it from closing the script tag.
  const idLiteral = JSON.stringify(paymentId).replaceAll('<', '\\u003c');
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
<h1>Confirm this payment</h1>
<p>Your bank asks you to approve this payment (demo challenge, nothing is charged).</p>
<button type="button" data-outcome="approve">Approve</button>
<button type="button" data-outcome="deny">Deny</button>
<p role="status" id="status"></p>
<script>
const paymentId = ${idLiteral};
// Only a path on this site, as the confirm request validated: never an open redirect.
const requested = new URLSearchParams(location.search).get('return') || '/';
const returnPath = /^\\/(?!\\/)/.test(requested) ? requested : '/';
async function answer(outcome) {
  for (const button of document.querySelectorAll('button')) button.disabled = true;
  document.getElementById('status').textContent = 'Sending your answer…';
  try {
    await fetch('/api/payments/' + encodeURIComponent(paymentId) + '/authenticate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ outcome }),
    });
  } finally {
    location.href = returnPath;
  }
}
for (const button of document.querySelectorAll('button')) {
  button.addEventListener('click', () => answer(button.dataset.outcome));
}
</script>
</body>
</html>
`;
}
