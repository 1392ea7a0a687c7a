import { existsSync } from 'node:fs';
import { startDemoServer } from './demoServer';

/** `npm start`: the demo backend, plus the built demo UI from demo-dist when present. */
async function main(): Promise<void> {
  const staticDir = existsSync('demo-dist') ? 'demo-dist' : undefined;
  const server = await startDemoServer({
    port: Number(process.env.PORT ?? 4100),
    host: process.env.HOST ?? '127.0.0.1',
    faults: process.env.DEMO_FAULTS === '1' || process.argv.includes('--faults'),
    staticDir,
  });
  console.log(`payment-flows demo on ${server.url}`);
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
