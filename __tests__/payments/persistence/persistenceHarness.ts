import { REHYDRATE, type Persistor } from 'redux-persist';
import type { PaymentsStoreOptions } from '../../../src/payments/createPaymentsStore';
import { backupKey } from '../../../src/payments/persistence/guardedStorage';
import { flowEntryKey } from '../../../src/payments/persistence/storageLayout';
import { PERSIST_VERSION } from '../../../src/payments/persistence/migrations';
import {
  storageKeyOf,
  type PersistenceOptions,
} from '../../../src/payments/persistence/persistConfig';
import type { PersistedFlow } from '../../../src/payments/persistence/flowRecord';
import { restoreFlows } from '../../../src/payments/persistence/persistedFlows';
import { silentLogger } from '../../../src/payments/logger';
import type { MemoryStorage } from '../../helpers/memoryStorage';
import { makeTestStore, uniqueDraft } from '../../helpers/paymentsTestStore';
import type { RecordedRequest, ScriptedFetch } from '../../helpers/scriptedFetch';
import { waitForStoreState } from '../../helpers/waitForStoreState';

/** Where redux-persist keeps the flows under the default config key, and where we back them up. */
export const STORAGE_KEY = storageKeyOf('payment-flows');
export const BACKUP_KEY = backupKey(STORAGE_KEY);
export const PREVIOUS_BACKUP_KEY = `${BACKUP_KEY}.previous`;

let flowCounter = 0;

/** A valid stored flow in `draft`; override what the test is about. */
export function persistedFlow(overrides: Partial<PersistedFlow> = {}): PersistedFlow {
  flowCounter += 1;
  const now = Date.now();
  return {
    flowId: `flow-stored-${flowCounter}`,
    status: 'draft',
    booking: uniqueDraft(),
    attempt: 0,
    serverSeq: 0,
    createdAt: now - 1_000,
    updatedAt: now - 1_000,
    history: [],
    ...overrides,
  };
}

/** What redux-persist v6 writes: a JSON object whose values are JSON strings themselves. */
export function storedValue(flows: PersistedFlow[], version = PERSIST_VERSION): string {
  return JSON.stringify({
    paymentFlows: JSON.stringify({ flows }),
    _persist: JSON.stringify({ version, rehydrated: true }),
  });
}

/** The flows part of the value stored under `key`, parsed; undefined when there is none. */
export function storedPart(memory: MemoryStorage, key = STORAGE_KEY) {
  const value = memory.get(key);
  if (value === undefined) return undefined;
  const outer = JSON.parse(value) as { paymentFlows?: string };
  if (outer.paymentFlows === undefined) return undefined;
  return JSON.parse(outer.paymentFlows) as {
    flows: PersistedFlow[];
    retired?: Record<string, number>;
    saved?: string[];
  };
}

/** The flows storage holds under `key` (listed entries, and any still inline); [] when none. */
export function storedFlows(memory: MemoryStorage, key = STORAGE_KEY): PersistedFlow[] {
  const part = storedPart(memory, key);
  if (part === undefined) return [];
  const entries = (part.saved ?? []).map((flowId) => {
    const entry = memory.get(flowEntryKey(key, flowId));
    if (entry === undefined) throw new Error(`flow ${flowId} is listed without an entry`);
    return JSON.parse(entry) as PersistedFlow;
  });
  return [...part.flows, ...entries];
}

/** One flow as storage holds it, or as it was in `storedFlows` taken earlier. */
export const storedFlow = (
  source: MemoryStorage | PersistedFlow[] | undefined,
  flowId: string,
  key = STORAGE_KEY,
) =>
  (Array.isArray(source) ? source : source && storedFlows(source, key))?.find(
    (flow) => flow.flowId === flowId,
  );

export interface AppOptions extends Omit<PaymentsStoreOptions, 'storage'> {
  memory: MemoryStorage;
  /** Default 5 ms, so writes land quickly. */
  throttleMs?: number;
  readTimeoutMs?: number;
  migrations?: PersistenceOptions['migrations'];
}

type StoreParts = ReturnType<typeof makeTestStore>;
export type App = Omit<StoreParts, 'persistor'> & { persistor: Persistor };

const running: App[] = [];

/** A page load: a store over `memory`, its sagas waiting for the saved flows. */
export function startApp({ memory, throttleMs, readTimeoutMs, migrations, ...rest }: AppOptions) {
  const parts = makeTestStore({
    ...rest,
    storage: { storage: memory.storage, throttleMs: throttleMs ?? 5, readTimeoutMs, migrations },
  });
  const { persistor } = parts;
  if (!persistor) throw new Error('a store with storage has a persistor');
  const app: App = { ...parts, persistor };
  running.push(app);
  return app;
}

/** Leaves the page: the sagas stop (aborting their requests) and nothing more is written. */
export async function closeApp(app: App): Promise<void> {
  app.sagaTask.cancel();
  await app.persistor.flush();
  app.persistor.pause();
}

/** A reload: the old page goes away, a new one starts over the same storage. */
export async function reload(app: App, options: AppOptions): Promise<App> {
  await closeApp(app);
  return startApp(options);
}

/** For afterEach: stops every app this file started. */
export async function closeAllApps(): Promise<void> {
  await Promise.all(running.splice(0).map(closeApp));
}

/** Resolves once the saved flows are back in the store (or the app started without them). */
export function rehydrated(app: App): Promise<void> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      if (!app.persistor.getState().bootstrapped) return false;
      unsubscribe();
      resolve();
      return true;
    };
    const unsubscribe = app.persistor.subscribe(check);
    check();
  });
}

/** One turn of the event loop, so work triggered synchronously by an event has run its course. */
export const nextMacrotask = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

/** Resolves on the first state in which `predicate` holds. */
export async function waitForState(
  app: App,
  predicate: (state: ReturnType<App['store']['getState']>) => boolean,
  timeoutMs = 5_000,
): Promise<void> {
  await waitForStoreState(app.store, predicate, timeoutMs);
}

/** A scripted fetch whose requests can be awaited: `await waitForRequest(route)`. */
export function observe(server: ScriptedFetch) {
  const listeners = new Set<() => void>();
  const fetch = (input: string, init: RequestInit): Promise<Response> => {
    const reply = server.fetch(input, init);
    for (const listener of [...listeners]) listener();
    return reply;
  };
  function waitForRequest(route: string, count = 1, timeoutMs = 5_000): Promise<RecordedRequest> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const request = server.requestsTo(route)[count - 1];
        if (!request) return;
        cleanup();
        resolve(request);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no request ${count} to ${route} in ${timeoutMs} ms`));
      }, timeoutMs);
      // Only a test awaiting it needs the deadline: the loser of a race must not hold Jest open.
      // (Under jsdom a timer is a number, with nothing to unref.)
      if (typeof timer !== 'number') timer.unref();
      function cleanup(): void {
        listeners.delete(check);
        clearTimeout(timer);
      }
      listeners.add(check);
      check();
    });
  }
  return { api: { baseUrl: server.baseUrl, fetch }, waitForRequest };
}

/**
 * A REHYDRATE after the sagas started: redux-persist's own, dispatched again (a host's second
 * `persist()`, a DevTools dispatch), with the flows storage holds now.
 */
export function rehydrateWith(app: App, flows: PersistedFlow[]): void {
  app.store.dispatch({
    type: REHYDRATE,
    key: 'payment-flows',
    payload: {
      paymentFlows: restoreFlows({ flows }, silentLogger),
      _persist: { version: PERSIST_VERSION, rehydrated: true },
    },
  });
}
