import storage from 'redux-persist/lib/storage';
import { createLogger, createPaymentsStore } from '../index.js';
import { demoActionLog } from './actionLog.js';

/** The demo's session token: sent in headers and the socket handshake, never in a URL. */
const session = { token: 'demo-token' };

/** One store for the page, on the same origin as the demo backend. */
export function createDemoStore() {
  const origin = window.location.origin;
  return createPaymentsStore({
    api: { baseUrl: origin, getAuthToken: () => session.token },
    socket: { url: origin, getAuthToken: () => session.token },
    storage: { storage },
    logger: createLogger({ level: 'info' }),
    // The demo is for developers: time travel in Redux DevTools, sanitized.
    devTools: true,
    // The log the debug report carries, so `npm run replay` can step through it.
    middleware: [demoActionLog.middleware],
  });
}
