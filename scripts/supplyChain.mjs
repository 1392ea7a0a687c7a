/**
 * `npm run supply-chain`: every package in package-lock.json resolves from the npm registry with
 * an integrity hash (no git, tarball or file dependency slips in), then `npm audit --omit=dev`
 * for what a host installs. Where the advisory service does not answer (an offline CI), the
 * audit is skipped with the reason printed; the lockfile check never is.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const REGISTRY = 'https://registry.npmjs.org/';

function lockfileProblems() {
  const lockPath = process.argv[2] ?? new URL('../package-lock.json', import.meta.url);
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
  const problems = [];
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    // The root project and workspace links are not downloaded.
    if (path === '' || entry.link === true) continue;
    // No `resolved` means the configured registry (npm's omit-lockfile-registry-resolved).
    if (entry.resolved !== undefined && !String(entry.resolved).startsWith(REGISTRY)) {
      problems.push(`${path}: resolved from ${entry.resolved}`);
    } else if (typeof entry.integrity !== 'string' || !entry.integrity.startsWith('sha512-')) {
      problems.push(`${path}: no sha512 integrity`);
    }
  }
  return { problems, count: Object.keys(lock.packages ?? {}).length - 1 };
}

function audit() {
  const result = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    return {
      skipped: `npm audit gave no report (${result.stderr.trim().split('\n')[0] ?? 'no output'})`,
    };
  }
  if (report.error || report.message) {
    const reason = report.message ?? report.error?.summary ?? report.error?.code ?? 'unknown';
    return { skipped: `the advisory service did not answer (${reason})` };
  }
  const counts = report.metadata?.vulnerabilities ?? {};
  return { counts, failed: (counts.high ?? 0) + (counts.critical ?? 0) > 0 };
}

const { problems, count } = lockfileProblems();
if (problems.length > 0) {
  console.error(
    `lockfile: ${problems.length} of ${count} packages not from ${REGISTRY} with integrity:`,
  );
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(`lockfile: all ${count} packages from ${REGISTRY}, each with a sha512 integrity`);

const result = audit();
if (result.skipped) {
  console.log(`npm audit --omit=dev: skipped, ${result.skipped}`);
} else {
  console.log(`npm audit --omit=dev: ${JSON.stringify(result.counts)}`);
  if (result.failed) process.exit(1);
}
