// `npm run dev`: the demo backend plus webpack's dev server (hot reload) proxying to it.
import { runTogether } from './runTogether.js';

const backendPort = process.env.BACKEND_PORT ?? '4100';
runTogether([
  { command: 'npx', args: ['tsx', 'server/main.ts', '--faults'], env: { PORT: backendPort } },
  {
    command: 'npx',
    args: ['webpack', 'serve', '--mode', 'development'],
    env: { BACKEND_PORT: backendPort },
  },
]);
