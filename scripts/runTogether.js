import { spawn } from 'node:child_process';

/**
 * Runs the commands side by side until one ends or this process is asked to stop, then stops
 * them all. Each runs in a process group of its own, and stopping signals the whole group: npx
 * does not pass a signal on to the program it started, which outlived it and kept its port.
 */
export function runTogether(commands) {
  const children = commands.map(({ command, args, env }) =>
    spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env }, detached: true }),
  );
  function stopAll() {
    for (const child of children) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // The group is gone already.
      }
    }
  }
  for (const child of children) child.on('exit', stopAll);
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);
  return children;
}
