import { accessSync, constants, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../server/demoServer';
import type { DemoStats } from '../../server/wireTypes';
import { logSuiteTime, markSuiteStart } from './suiteClock';

/** Debian's Chromium; playwright-core drives it and never downloads a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DEMO_DIST = resolve(__dirname, '../../demo-dist');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Playwright waits fail well before Jest's timeout, with the locator in the message. */
const ACTION_TIMEOUT_MS = 10_000;
export const BROWSER_TEST_TIMEOUT_MS = 45_000;

export interface BrowserSuite {
  /** The file's demo server, started once before its first test. */
  server(): DemoServer;
  /** A page in a fresh Chromium profile (empty localStorage), closed after the test. */
  openPage(): Promise<Page>;
  /**
   * Another tab of the test's browser: the same context as `openPage`, so the same origin's
   * localStorage; closed with it after the test.
   */
  openAnotherTab(): Promise<Page>;
  /** The server's counters minus those at the start of the current test. */
  statsSinceTestStart(): DemoStats;
  /**
   * A real restart: the server is closed and a new one, with none of its state, listens on the
   * same port. Counters start again from zero.
   */
  restartServer(): Promise<DemoServer>;
}

function chromiumExecutable(): boolean {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Without Chromium: a failure in CI, one explained no-op test elsewhere. */
function registerChromiumMissing(): void {
  const reason = `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`;
  if (process.env.CI === 'true') {
    test(`browser tests: ${reason}`, () => {
      throw new Error(`${reason}. CI must provide it (or set CHROMIUM_PATH).`);
    });
    return;
  }
  test(`browser tests not run: ${reason}`, () => {
    console.log(`browser tests not run: ${reason}; set CHROMIUM_PATH to use another binary.`);
  });
}

function diffStats(now: DemoStats, before: DemoStats): DemoStats {
  return {
    bookingsCreated: now.bookingsCreated - before.bookingsCreated,
    paymentsConfirmed: now.paymentsConfirmed - before.paymentsConfirmed,
    confirmRequests: now.confirmRequests - before.confirmRequests,
  };
}

/**
 * Registers a file's browser tests: one demo server (serving demo-dist) for the file, one
 * persistent Chromium context per test, everything closed so Jest exits.
 */
export function describeInBrowser(
  testFile: string,
  serverOptions: DemoServerOptions,
  define: (suite: BrowserSuite) => void,
): void {
  const file = basename(testFile);
  if (!chromiumExecutable()) {
    registerChromiumMissing();
    return;
  }
  let server: DemoServer | undefined;
  let context: BrowserContext | undefined;
  let profileDir: string | undefined;
  let statsAtTestStart: DemoStats | undefined;
  let fileStartedAt = Date.now();
  const startServer = (port: number) =>
    startDemoServer({ staticDir: DEMO_DIST, faults: true, ...serverOptions, port });

  describe(`in Chromium (${file})`, () => {
    jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

    beforeAll(async () => {
      fileStartedAt = Date.now();
      markSuiteStart(fileStartedAt);
      if (!existsSync(join(DEMO_DIST, 'index.html'))) {
        throw new Error(`${DEMO_DIST}/index.html not found: run npm run build:demo first`);
      }
      server = await startServer(0);
    });

    beforeEach(() => {
      statsAtTestStart = server?.stats();
    });

    afterEach(async () => {
      await context?.close();
      context = undefined;
      if (profileDir !== undefined) rmSync(profileDir, { recursive: true, force: true });
      profileDir = undefined;
    });

    afterAll(async () => {
      await server?.close();
      logSuiteTime(file, fileStartedAt);
    });

    const suite: BrowserSuite = {
      server() {
        if (!server) throw new Error('the demo server did not start');
        return server;
      },
      async openPage() {
        if (context) throw new Error('one page per test');
        profileDir = mkdtempSync(join(tmpdir(), 'payment-flows-chromium-'));
        context = await chromium.launchPersistentContext(profileDir, {
          executablePath: CHROMIUM_PATH,
          headless: true,
          args: CHROMIUM_ARGS,
        });
        context.setDefaultTimeout(ACTION_TIMEOUT_MS);
        return context.pages()[0] ?? (await context.newPage());
      },
      async openAnotherTab() {
        if (!context) throw new Error('openPage first');
        return context.newPage();
      },
      async restartServer() {
        const { port } = suite.server();
        await suite.server().close();
        server = await startServer(port);
        statsAtTestStart = server.stats();
        return server;
      },
      statsSinceTestStart() {
        const current = suite.server().stats();
        if (!statsAtTestStart) throw new Error('statsSinceTestStart outside a test');
        return diffStats(current, statsAtTestStart);
      },
    };
    define(suite);
  });
}
