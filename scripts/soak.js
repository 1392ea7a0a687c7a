/** `npm run soak -- --minutes N`: random fault schedules for N minutes (default 30). */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '30' } } });
const result = spawnSync('npx', ['jest', '__tests__/model', '--verbose'], {
  stdio: 'inherit',
  env: { ...process.env, SOAK_MINUTES: values.minutes },
});
process.exit(result.status ?? 1);
