import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './apiError';
import {
  callerKey,
  FAULT_PATH_PREFIX,
  handleApi,
  rateLimitedResponse,
  type ApiHandlerDeps,
} from './apiHandler';
import { CHALLENGE_NOT_FOUND_HTML, challengeClosedHtml, challengePageHtml } from './challengePage';
import { applyCors } from './cors';
import { errorResponse, readBodyText, sendHtml, sendJson } from './http';
import type { PaymentFlow } from './paymentFlow';
import { DEFAULT_RETURN_PATH, isSafeReturnPath } from './returnPath';
import { applySecurityHeaders, contentSecurityPolicy } from './securityHeaders';
import { serveStatic } from './staticFiles';

export interface RequestHandlerDeps extends ApiHandlerDeps {
  paymentFlow: PaymentFlow;
  staticDir: string | undefined;
  /** Origins allowed to call the API from a browser (CORS); empty: the server's own only. */
  corsOrigins: ReadonlySet<string>;
}

const CHALLENGE_PATH = /^\/3ds\/([A-Za-z0-9_-]{1,128})$/;

/** Top-level dispatch: CORS preflight, /api, the 3-D Secure page, then static files. */
export function createRequestHandler(
  deps: RequestHandlerDeps,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const { pathname, searchParams } = new URL(`http://localhost${req.url ?? '/'}`);
    applySecurityHeaders(res);
    applyCors(req, res, deps.corsOrigins, !pathname.startsWith(FAULT_PATH_PREFIX));
    if (req.method === 'OPTIONS') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      await handleApi(deps, req, res, pathname);
      return;
    }
    const challenge = CHALLENGE_PATH.exec(pathname);
    if (challenge?.[1] !== undefined) {
      await handleChallenge(deps, req, res, challenge[1], searchParams);
      return;
    }
    if (deps.staticDir !== undefined) {
      await serveStatic(res, deps.staticDir, pathname);
      return;
    }
    sendJson(res, errorResponse(new ApiError(404, 'not_found', `Nothing at ${pathname}.`)));
  };
}

/**
 * `GET /3ds/<paymentId>?challenge=<id>` shows the bank page of the payment's current challenge;
 * `POST /3ds/<paymentId>` (the page's form: `challenge`, `outcome`) answers it and redirects to
 * the return path stored at confirm. Without the right challenge id both are 404.
 */
async function handleChallenge(
  deps: RequestHandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  paymentId: string,
  query: URLSearchParams,
): Promise<void> {
  const waitMs = deps.restLimiter.take(callerKey({ kind: 'anonymous' }, req));
  if (waitMs > 0) {
    sendJson(res, rateLimitedResponse(waitMs));
    return;
  }
  if (req.method === 'POST') {
    await answerChallenge(deps, req, res, paymentId);
    return;
  }
  const found = deps.paymentFlow.challengeOf(paymentId, query.get('challenge') ?? '');
  if (found === undefined) {
    sendPage(res, 404, CHALLENGE_NOT_FOUND_HTML);
  } else if (found.open) {
    sendPage(res, 200, challengePageHtml(paymentId, found.challenge.challengeId, found.amount));
  } else {
    sendPage(res, 200, challengeClosedHtml(safeReturn(found.challenge.returnPath)));
  }
}

async function answerChallenge(
  deps: RequestHandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  paymentId: string,
): Promise<void> {
  let form: URLSearchParams;
  try {
    form = new URLSearchParams(await readBodyText(req));
  } catch {
    sendPage(res, 413, '<!doctype html><title>Too large</title><p>Request too large.</p>');
    return;
  }
  const challengeId = form.get('challenge') ?? '';
  const outcome = form.get('outcome');
  const found = deps.paymentFlow.challengeOf(paymentId, challengeId);
  if (found === undefined) {
    sendPage(res, 404, CHALLENGE_NOT_FOUND_HTML);
    return;
  }
  if (outcome !== 'approve' && outcome !== 'deny') {
    sendPage(res, 400, '<!doctype html><title>Bad request</title><p>Approve or deny.</p>');
    return;
  }
  try {
    deps.paymentFlow.authenticate(paymentId, challengeId, outcome);
  } catch (error) {
    // Answered already (a double submit), cancelled or expired: the shop shows which.
    if (!(error instanceof ApiError) || error.status !== 409) throw error;
  }
  res.writeHead(303, { Location: safeReturn(found.challenge.returnPath) });
  res.end();
}

/** Checked at confirm already; checked again on the way out, as the last line of defence. */
function safeReturn(returnPath: string): string {
  return isSafeReturnPath(returnPath) ? returnPath : DEFAULT_RETURN_PATH;
}

function sendPage(res: ServerResponse, status: number, html: string): void {
  sendHtml(res, status, html, {
    'Content-Security-Policy': contentSecurityPolicy(html, 'challenge'),
    'Cache-Control': 'no-store',
  });
}
