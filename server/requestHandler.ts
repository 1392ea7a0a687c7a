import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './apiError';
import { handleApi, type ApiHandlerDeps } from './apiHandler';
import { challengePageHtml } from './challengePage';
import { applyCors } from './cors';
import { errorResponse, sendHtml, sendJson } from './http';
import { serveStatic } from './staticFiles';
import type { DemoStore } from './store';

export interface RequestHandlerDeps extends ApiHandlerDeps {
  store: DemoStore;
  staticDir: string | undefined;
}

const CHALLENGE_PATH = /^\/3ds\/([A-Za-z0-9_]+)$/;

/** Top-level dispatch: CORS preflight, /api, the 3-D Secure page, then static files. */
export function createRequestHandler(
  deps: RequestHandlerDeps,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    applyCors(res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204);
      res.end();
      return;
    }
    const { pathname } = new URL(`http://localhost${req.url ?? '/'}`);
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      await handleApi(deps, req, res, pathname);
      return;
    }
    const challenge = CHALLENGE_PATH.exec(pathname);
    if (challenge?.[1] !== undefined) {
      const paymentId = challenge[1];
      if (deps.store.payments.get(paymentId) === undefined) {
        sendHtml(res, 404, '<!doctype html><title>Not found</title><p>Unknown payment.</p>');
      } else {
        sendHtml(res, 200, challengePageHtml(paymentId));
      }
      return;
    }
    if (deps.staticDir !== undefined) {
      await serveStatic(res, deps.staticDir, pathname);
      return;
    }
    sendJson(res, errorResponse(new ApiError(404, 'not_found', `Nothing at ${pathname}.`)));
  };
}
