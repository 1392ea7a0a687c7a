// The consumer check (issue 9): the package as a team adopting it gets it. Builds, packs the
// tarball, measures it, lints it (publint, attw), then installs it into each fixture app under
// __tests__/consumers/<name>/ (a copy in a temp dir, with the fixture's own devDependencies)
// and runs the fixture's `check` script. Prints a matrix, case -> pass/FAIL; exits 1 if any
// case failed.
//
//   node scripts/consumers.mjs [--only name,name] [--jobs N] [--keep]
//
// --only runs just the named cases (publint, attw, size, or fixture names); --keep leaves the temp
// dir (it is always kept when a case failed, with every case's full log in it).
import { spawn } from 'node:child_process';
import {
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const fixturesDir = path.join(root, '__tests__', 'consumers');
const started = Date.now();

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
};
const only = option('--only')?.split(',').filter(Boolean);
const jobs = Math.max(1, Number(option('--jobs') ?? 2));
const keep = args.includes('--keep');

const INSTALL_TIMEOUT_MS = 300_000;
const CHECK_TIMEOUT_MS = 180_000;

/** The peers (and their subpaths) an app provides itself: never counted in the library's size. */
const PEERS = [
  '@reduxjs/toolkit',
  'react',
  'react-dom',
  'react-redux',
  'redux-persist',
  'redux-saga',
  'socket.io-client',
];
const PEER_PATTERN = new RegExp(`^(${PEERS.map(escapeRegExp).join('|')})(/.*)?$`);

/**
 * The child's environment: `npm run consumers` exports npm_package_* / npm_lifecycle_* and the
 * root's local prefix, which must not leak into the fixtures' own npm commands.
 */
function childEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_(package_|lifecycle_|command$|config_local_prefix$)/.test(key) || key === 'INIT_CWD')
      delete env[key];
  }
  return env;
}

/** The process groups of the commands under way, ended with this script if it is stopped. */
const running = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const pid of running) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exit(1);
  });
}

/** Runs a command; resolves with its exit code and its output (stdout and stderr, interleaved). */
function run(command, commandArgs, { cwd = root, timeoutMs = CHECK_TIMEOUT_MS } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, {
      cwd,
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so a timeout ends everything it started
    });
    if (child.pid !== undefined) running.add(child.pid);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', (error) => {
      output += `\n${String(error)}`;
    });
    child.on('close', (code) => {
      running.delete(child.pid);
      clearTimeout(timer);
      if (timedOut) output += `\n[timed out after ${timeoutMs / 1000} s]`;
      resolve({ code: timedOut ? 1 : (code ?? 1), output });
    });
  });
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const tail = (text, lines = 60) => text.trimEnd().split('\n').slice(-lines).join('\n');

// The fixture apps, each a folder; `shared/` holds the sources several of them run, copied in.
const SHARED = 'shared';
const fixtureNames = (await readdir(fixturesDir, { withFileTypes: true }))
  .filter((entry) => entry.isDirectory() && entry.name !== SHARED)
  .map((entry) => entry.name)
  .sort();
if (only) {
  const known = ['publint', 'attw', 'size', ...fixtureNames];
  const unknown = only.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    console.error(`consumer check: unknown case ${unknown.join(', ')}; known: ${known.join(', ')}`);
    process.exit(2);
  }
}

const tmp = await mkdtemp(path.join(os.tmpdir(), 'payment-flows-consumers-'));
console.log(`consumer check: temp dir ${tmp}`);

// 1. Build from nothing, so the tarball holds exactly what this build emits (no stale files).
await rm(path.join(root, 'dist'), { recursive: true, force: true });
const build = await run('npm', ['run', 'build'], { timeoutMs: 300_000 });
if (build.code !== 0) {
  console.error(build.output);
  console.error('consumer check: npm run build failed');
  process.exit(1);
}

// 2. Pack, as `npm publish` would.
const pack = await run('npm', ['pack', '--json', '--pack-destination', tmp], {
  timeoutMs: 120_000,
});
if (pack.code !== 0) {
  console.error(pack.output);
  console.error('consumer check: npm pack failed');
  process.exit(1);
}
const [packed] = JSON.parse(pack.output.slice(pack.output.indexOf('[')));
const tarball = path.join(tmp, packed.filename);
const tarballBytes = (await stat(tarball)).size;
console.log(
  `tarball: ${packed.filename}: ${tarballBytes} bytes (${kib(tarballBytes)}), ` +
    `${packed.entryCount} files, ${packed.unpackedSize} bytes unpacked`,
);

/** Every case: a name and a function that resolves to { ok, output, detail? }. */
const cases = [];

// publint lints the tarball itself; --strict makes its warnings fail too.
cases.push({
  name: 'publint',
  run: async () => {
    const result = await run('npx', ['--no-install', 'publint', 'run', tarball, '--strict']);
    return { ok: result.code === 0, output: result.output };
  },
});

// attw on the very tarball the fixtures install (`attw --pack .` would pack a second one with
// the same files). --profile esm-only states the truth: the package is ESM only ("type":
// "module", exports with `import`/`default` and no `require`), so a CommonJS `require` of it
// under node16 is "ESM (dynamic import only)", and TypeScript's legacy node10 resolution, which
// reads no `exports`, cannot see the subpaths `/react` and `/protocol`. The profile ignores
// exactly those two resolutions; any problem under node16-from-ESM or bundler fails the case.
// `./styles.css` is a stylesheet, not a module with types: attw cannot resolve it and is not
// asked to (the node-esm fixture checks that it resolves and is the stylesheet).
cases.push({
  name: 'attw',
  run: async () => {
    const result = await run('npx', [
      '--no-install',
      'attw',
      tarball,
      '--profile',
      'esm-only',
      '--exclude-entrypoints',
      './styles.css',
      '--format',
      'table-flipped',
      '--no-emoji',
      '--no-color',
    ]);
    return {
      ok: result.code === 0,
      output: result.output,
      detail: ['--profile esm-only, styles.css excluded'],
    };
  },
});

// Sizes: each entry bundled alone by webpack, as an app's production build would; then our own
// code alone (issue 11's budget: core <= 8 KB, core and React parts together <= 12 KB gzip).
const sizes = {};
const ownSizes = {};
const OWN_GOALS = { core: 8 * 1024, all: 12 * 1024 };
cases.push({ name: 'size', run: measureSizes });

async function measureSizes() {
  // Unpacked where a bundler finds an installed package, so each entry resolves through the
  // package's own `exports`, as in an app.
  const sizeDir = path.join(tmp, 'size');
  const modules = path.join(sizeDir, 'node_modules');
  await mkdir(modules, { recursive: true });
  const untar = await run('tar', ['-xzf', tarball, '-C', modules]);
  if (untar.code !== 0) return { ok: false, output: untar.output };
  await rename(path.join(modules, 'package'), path.join(modules, 'payment-flows'));
  // Both public entries in one bundle, every export kept: the core and React parts together.
  await writeFile(
    path.join(sizeDir, 'all.js'),
    "export * as core from 'payment-flows';\nexport * as react from 'payment-flows/react';\n",
  );
  const { dependencies = {} } = JSON.parse(
    await readFile(path.join(modules, 'payment-flows', 'package.json'), 'utf8'),
  );
  const withDependencies = await bundleEntries(
    sizeDir,
    { core: 'payment-flows', react: 'payment-flows/react', protocol: 'payment-flows/protocol' },
    PEER_PATTERN,
  );
  if (!withDependencies.ok) return withDependencies;
  const ownPattern = new RegExp(
    `^(${[...PEERS, ...Object.keys(dependencies)].map(escapeRegExp).join('|')})(/.*)?$`,
  );
  const own = await bundleEntries(sizeDir, { core: 'payment-flows', all: './all.js' }, ownPattern);
  if (!own.ok) return own;
  const lines = [];
  for (const [entry, result] of Object.entries(withDependencies.entries)) {
    sizes[entry] = result;
    lines.push(
      `${entry.padEnd(8)} ${kib(result.bytes).padStart(10)} minified, ${kib(result.gzip).padStart(9)} gzip -9` +
        `  (bundled: ${result.bundled.join(', ') || 'nothing but its own code'})`,
    );
  }
  for (const [entry, result] of Object.entries(own.entries)) {
    ownSizes[entry] = result;
    const goal = OWN_GOALS[entry];
    lines.push(
      `own code, ${entry === 'all' ? 'core + react' : entry}: ${kib(result.bytes)} minified, ` +
        `${kib(result.gzip)} gzip -9, goal <= ${kib(goal)}: ${result.gzip <= goal ? 'met' : 'missed'}`,
    );
  }
  return { ok: true, output: lines.join('\n'), detail: lines };
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Each entry bundled alone (webpack 5 production), what `external` matches left out. */
async function bundleEntries(context, entry, external) {
  const { default: webpack } = await import('webpack');
  const outDir = path.join(tmp, `size-out-${Object.keys(entry).join('-')}`);
  const config = {
    mode: 'production',
    context,
    entry,
    output: {
      path: outDir,
      filename: '[name].js',
      module: true,
      library: { type: 'module' }, // keeps every export of the entry: nothing is shaken off
    },
    experiments: { outputModule: true },
    externalsType: 'module',
    externals: [
      ({ request }, callback) => callback(null, external.test(request) ? request : undefined),
    ],
    // The package's own dependencies (zod, uuid, typed-redux-saga): this repo's locked versions.
    resolve: { modules: ['node_modules', path.join(root, 'node_modules')] },
    devtool: false,
    performance: { hints: false },
  };
  const stats = await new Promise((resolve, reject) => {
    webpack(config, (error, result) => (error ? reject(error) : resolve(result)));
  });
  const info = stats.toJson({ all: false, errors: true });
  if (stats.hasErrors()) {
    return { ok: false, output: info.errors.map((e) => e.message).join('\n') };
  }
  const entries = {};
  for (const name of Object.keys(entry)) {
    const bytes = await readFile(path.join(outDir, `${name}.js`));
    const bundled = new Set();
    const chunk = [...stats.compilation.chunks].find((c) => c.name === name);
    for (const module of stats.compilation.chunkGraph.getChunkModulesIterable(chunk)) {
      // A concatenated module (scope hoisting) holds the modules it was made of.
      for (const inner of module.modules ?? [module]) {
        const match = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(inner.resource ?? '');
        if (match && match[1] !== 'payment-flows') bundled.add(match[1].replace('\\', '/'));
      }
    }
    entries[name] = {
      bytes: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      bundled: [...bundled].sort(),
    };
  }
  return { ok: true, entries };
}

// The fixture apps.
for (const name of fixtureNames) cases.push({ name, run: () => runFixture(name) });

/** Versions worth naming in the matrix, from what npm actually installed. */
const NOTABLE = [
  'react',
  'react-dom',
  'react-redux',
  'typescript',
  '@types/react',
  'webpack',
  'vite',
  'jsdom',
];

async function runFixture(name) {
  const dir = path.join(tmp, 'fixtures', name);
  await cp(path.join(fixturesDir, name), dir, {
    recursive: true,
    filter: (source) =>
      !/[\\/](node_modules|dist)([\\/]|$)/.test(path.relative(fixturesDir, source)),
  });
  await cp(path.join(fixturesDir, SHARED), path.join(dir, SHARED), { recursive: true });
  const install = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball],
    { cwd: dir, timeoutMs: INSTALL_TIMEOUT_MS },
  );
  if (install.code !== 0) return { ok: false, output: `npm install failed:\n${install.output}` };
  const versions = [];
  for (const dep of NOTABLE) {
    try {
      const manifest = JSON.parse(
        await readFile(path.join(dir, 'node_modules', dep, 'package.json'), 'utf8'),
      );
      versions.push(`${dep} ${manifest.version}`);
    } catch {
      // not in this fixture
    }
  }
  const check = await run('npm', ['run', '--silent', 'check'], { cwd: dir });
  return {
    ok: check.code === 0,
    output: check.output,
    detail: versions.length ? [versions.join(', ')] : [],
  };
}

/** The demo backend on a free port, for the conformance bin to run against. */
async function startDemoBackend() {
  const child = spawn('npx', ['tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...childEnv(), PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child.pid);
  const url = await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      reject(new Error(`the demo backend did not start in 60 s:\n${output}`));
    }, 60_000);
    const read = (chunk) => {
      output += chunk;
      const started = /demo on (http:\/\/\S+)/.exec(output);
      if (started) {
        clearTimeout(timer);
        resolve(started[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('close', () => {
      clearTimeout(timer);
      reject(new Error(`the demo backend exited:\n${output}`));
    });
  });
  return {
    url,
    stop() {
      running.delete(child.pid);
      process.kill(-child.pid, 'SIGTERM');
    },
  };
}

// Run them, `jobs` at a time (installs share npm's cache; two cores).
const selected = only ? cases.filter((c) => only.includes(c.name)) : cases;
const backend = selected.some(({ name }) => name === 'conformance-bin')
  ? await startDemoBackend()
  : undefined;
if (backend) process.env.PAYMENT_FLOWS_DEMO_URL = backend.url;
const results = new Map();
const queue = [...selected];
await Promise.all(
  Array.from({ length: Math.min(jobs, queue.length) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const caseStarted = Date.now();
      let result;
      try {
        result = await next.run();
      } catch (error) {
        result = { ok: false, output: String(error?.stack ?? error) };
      }
      result.ms = Date.now() - caseStarted;
      results.set(next.name, result);
      const logFile = path.join(tmp, 'logs', `${next.name.replace(/[^\w.-]+/g, '_')}.log`);
      await mkdir(path.dirname(logFile), { recursive: true });
      await writeFile(logFile, result.output);
      console.log(`${result.ok ? 'pass' : 'FAIL'}  ${next.name} (${seconds(result.ms)})`);
      if (!result.ok)
        console.log(`----- ${next.name}: last lines of ${logFile}\n${tail(result.output)}\n-----`);
    }
  }),
);

backend?.stop();

// The matrix.
console.log('\nConsumer matrix');
const width = Math.max(...selected.map((c) => c.name.length));
for (const { name } of selected) {
  const result = results.get(name);
  console.log(
    `  ${name.padEnd(width)}  ${result.ok ? 'pass' : 'FAIL'}  ${seconds(result.ms).padStart(7)}`,
  );
  for (const line of result.ok ? (result.detail ?? []) : [])
    console.log(`  ${''.padEnd(width)}        ${line}`);
}
console.log(`\ntarball ${packed.filename}: ${tarballBytes} bytes (${kib(tarballBytes)})`);
if (sizes.core) {
  console.log(
    `gzip -9 of each entry bundled alone: payment-flows ${sizes.core.gzip} bytes (${kib(sizes.core.gzip)}), ` +
      `payment-flows/react ${sizes.react.gzip} bytes (${kib(sizes.react.gzip)}), ` +
      `payment-flows/protocol ${sizes.protocol.gzip} bytes (${kib(sizes.protocol.gzip)})`,
  );
  console.log(
    '  method: webpack 5 production build (its default minifier) of each entry of the unpacked ' +
      'tarball, resolved through its exports, ' +
      'every export kept (ESM library output), peers external (' +
      `${PEERS.join(', ')}), the package's own dependencies bundled; the react entry includes ` +
      'the core code it uses. An app that imports less gets less.',
  );
}
if (ownSizes.core) {
  console.log(
    `own code alone, gzip -9: payment-flows ${ownSizes.core.gzip} bytes (${kib(ownSizes.core.gzip)}, ` +
      `goal <= ${kib(OWN_GOALS.core)}: ${ownSizes.core.gzip <= OWN_GOALS.core ? 'met' : 'missed'}), ` +
      `payment-flows and payment-flows/react together ${ownSizes.all.gzip} bytes (${kib(ownSizes.all.gzip)}, ` +
      `goal <= ${kib(OWN_GOALS.all)}: ${ownSizes.all.gzip <= OWN_GOALS.all ? 'met' : 'missed'})`,
  );
  console.log(
    '  method: the same builds with the dependencies external too (zod, uuid, typed-redux-saga, ' +
      'every peer): only the code this package ships.',
  );
}
const failed = selected.filter(({ name }) => !results.get(name).ok);
console.log(`total ${seconds(Date.now() - started)}`);
if (failed.length === 0 && !keep) await rm(tmp, { recursive: true, force: true });
else console.log(`logs and installs kept in ${tmp}`);
console.log(`consumers: ${selected.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length === 0 ? 0 : 1);
