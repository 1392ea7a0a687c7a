// Plain Node ESM, no bundler: the headless core and the protocol entry load and run as
// published. React is deliberately not installed here, so a core that imported React (even
// indirectly) would fail to load.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The premise: no React in this app (optional peers are not installed by npm).
for (const name of ['react', 'react-dom', 'react-redux']) {
  assert.throws(
    () => import.meta.resolve(name),
    { code: 'ERR_MODULE_NOT_FOUND' },
    `${name} is installed`,
  );
}

const core = await import('payment-flows');
const protocol = await import('payment-flows/protocol');

// The premise bites: the React entry does need React, and cannot load here.
await assert.rejects(import('payment-flows/react'), (error) => {
  assert.equal(error.code, 'ERR_MODULE_NOT_FOUND');
  assert.match(error.message, /'react(-dom|-redux)?(\/[\w-]+)?'/);
  return true;
});

// A store, its sagas running, saving to an in-memory storage, against an address nothing
// listens on: a flow started there keeps retrying its booking (timers, requests) until close().
const saved = new Map();
const storage = {
  getItem: async (key) => saved.get(key) ?? null,
  setItem: async (key, value) => void saved.set(key, value),
  removeItem: async (key) => void saved.delete(key),
};
const { store, socket, close } = core.createPaymentsStore({
  api: { baseUrl: 'http://127.0.0.1:9' },
  storage: { storage, key: 'node-esm', throttleMs: 50 },
  logger: core.createLogger({ level: 'error' }),
});
assert.equal(socket, undefined, 'a socket was created without the socket option');
const until = (predicate) =>
  new Promise((resolve) => {
    const check = () => predicate(store.getState()) && (unsubscribe(), resolve());
    const unsubscribe = store.subscribe(check);
    check();
  });
await until((state) => state._persist.rehydrated);
assert.deepEqual(core.selectAllFlows(store.getState()), []);
assert.equal(core.isTerminal({ status: 'succeeded' }), true);
const draft = {
  resourceId: 'room-1',
  start: Date.now() + 86_400_000,
  durationMinutes: 60,
  bookingType: 'FIRM',
};
const { flowId } = store.dispatch(core.flowStarted(draft)).payload;
await until((state) => core.selectFlowById(state, flowId)?.status === 'creatingBooking');

// The protocol entry: the zod schemas validate, the JSON Schemas are plain objects.
const bookingRequest = {
  resourceId: 'room-1',
  start: 1893488400000,
  durationMinutes: 60,
  bookingType: 'FIRM',
};
assert.equal(protocol.PROTOCOL_SCHEMAS.bookingRequest.safeParse(bookingRequest).success, true);
assert.equal(
  protocol.PROTOCOL_SCHEMAS.bookingRequest.safeParse({ ...bookingRequest, durationMinutes: 5 })
    .success,
  false,
);
const jsonSchemas = protocol.protocolJsonSchemas();
assert.equal(jsonSchemas.bookingResponse.type, 'object');
assert.deepEqual(Object.keys(jsonSchemas).sort(), Object.keys(protocol.PROTOCOL_SCHEMAS).sort());

await close();
assert.ok(saved.get('persist:node-esm')?.includes(flowId), 'close() wrote the flow to storage');

// Published code reads no process.env (unbundled ESM in a browser has no `process`).
const dist = path.dirname(fileURLToPath(import.meta.resolve('payment-flows')));
const offenders = [];
let scanned = 0;
for (const entry of await readdir(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const file = path.join(entry.parentPath ?? entry.path, entry.name);
  scanned += 1;
  if ((await readFile(file, 'utf8')).includes('process.env'))
    offenders.push(path.relative(dist, file));
}
assert.deepEqual(offenders, [], `process.env is read in ${offenders.join(', ')}`);

// The components' stylesheet is published as `payment-flows/styles.css` for hosts to import.
const stylesheet = fileURLToPath(import.meta.resolve('payment-flows/styles.css'));
assert.match(await readFile(stylesheet, 'utf8'), /--pf-color-primary/);

// close() must leave nothing running: this process should now end on its own, at once (the
// one timer left is redux-persist's write throttle, 50 ms, which clears itself). Without
// close(), the booking retries would keep it alive for seconds.
const leftover = setTimeout(() => {
  console.error('still running 2 s after close():', process.getActiveResourcesInfo());
  process.exit(1);
}, 2_000);
leftover.unref();
// Printed only when the event loop empties by itself.
process.once('beforeExit', () => {
  console.log(
    `node-esm: core and protocol loaded without React; store created, a flow started, store closed (no process.env in the ${scanned} files of dist/)`,
  );
});
