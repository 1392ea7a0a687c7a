import { existsSync } from 'node:fs';
import { startDemoServer } from './demoServer';

/** `npm start`: the demo backend, plus the built demo UI from demo-dist when present. */
async function main(): Promise<void> {
  const staticDir = existsSync('demo-dist') ? 'demo-dist' : undefined;
  const faults = process.env.DEMO_FAULTS === '1' || process.argv.includes('--faults');
  // The demo page sends its bearer token on every request: no anonymous access is needed.
  const server = await startDemoServer({
    port: Number(process.env.PORT ?? 4100),
    host: process.env.HOST ?? '127.0.0.1',
    faults,
    faultSecret: process.env.DEMO_FAULT_SECRET,
    corsOrigins: (process.env.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
    staticDir,
  });
  console.log(`payment-flows demo on ${server.url}`);
  if (server.faultSecret !== undefined) {
    // A random secret is printed for the developer who started the server; one chosen through
    // DEMO_FAULT_SECRET is known already and never printed.
    console.log(
      process.env.DEMO_FAULT_SECRET === undefined || process.env.DEMO_FAULT_SECRET === ''
        ? `fault endpoints on: send X-Fault-Secret: ${server.faultSecret}`
        : 'fault endpoints on: send X-Fault-Secret (the value of DEMO_FAULT_SECRET)',
    );
  }
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
