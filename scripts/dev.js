// `npm run dev`: the demo backend plus webpack's dev server (hot reload) proxying to it.
import { spawn } from 'node:child_process';

const backendPort = process.env.BACKEND_PORT ?? '4100';
const children = [
  spawn('npx', ['tsx', 'server/main.ts', '--faults'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: backendPort },
  }),
  spawn('npx', ['webpack', 'serve', '--mode', 'development'], {
    stdio: 'inherit',
    env: { ...process.env, BACKEND_PORT: backendPort },
  }),
];

function stopAll() {
  for (const child of children) child.kill('SIGTERM');
}
for (const child of children) child.on('exit', stopAll);
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);
