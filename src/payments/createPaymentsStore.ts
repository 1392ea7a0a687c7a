import {
  combineReducers,
  configureStore,
  type EnhancedStore,
  type Middleware,
  type Reducer,
  type StoreEnhancer,
  type ThunkDispatch,
  type Tuple,
  type UnknownAction,
} from '@reduxjs/toolkit';
import type { Socket } from 'socket.io-client';
import type { PaymentFlowsState } from './flowState.js';
import type { ConnectionState } from './socket/connectionSlice.js';
import { persistReducer, persistStore, type PersistConfig, type Persistor } from 'redux-persist';
import { createApiClient, type ApiOptions } from './apiClient.js';
import { sanitizeAction, sanitizeState } from './devTools.js';
import { createLogger, redactedLogger, type Logger } from './logger.js';
import { paymentFlowsReducer, paymentFlowsSlice } from './paymentFlowsSlice.js';
import {
  createPaymentsPersistConfig,
  PERSIST_ACTIONS,
  storageKeyOf,
  type PaymentsRootState,
  type PersistenceOptions,
} from './persistence/persistConfig.js';
import {
  defaultTimings,
  type FlowTimings,
  type PaymentsDeps,
  type SharedTabs,
} from './sagas/deps.js';
import { liveOnlyPersistence } from './debug/livePersistence.js';
import { PERSIST_VERSION } from './persistence/migrations.js';
import { createLiveSagaMiddleware } from './sagas/liveSagas.js';
import { paymentsSaga } from './sagas/rootSaga.js';
import { connectionReducer, connectionSlice } from './socket/connectionSlice.js';
import { createPaymentSocket, type SocketOptions } from './socket/paymentSocket.js';
import { readSavedFlows } from './persistence/mergingStorage.js';
import { createBrowserTabs, type TabCoordination } from './tabs/browserTabs.js';
import { returnPathFor } from './redirectReturn.js';

export interface PaymentsStoreOptions {
  api: ApiOptions;
  /** Real-time status over socket.io; without it, settling payments are polled. */
  socket?: SocketOptions;
  /** Saved in-progress flows (redux-persist); without it, a reload forgets them. */
  storage?: PersistenceOptions;
  /** Clock in epoch ms; every time in the store comes from here. */
  now?: () => number;
  logger?: Logger;
  timings?: Partial<FlowTimings>;
  random?: () => number;
  /** How long a finished flow stays in the store; default 10 minutes. */
  retentionMs?: number;
  /** Leaves the page for 3-D Secure; default `window.location.assign`. */
  navigate?: (url: string) => void;
  /** The path 3-D Secure returns to; default this page with `?payment_flow=<flowId>`. */
  returnPathFor?: (flowId: string) => string;
  /**
   * Hosts (`host[:port]`) whose 3-D Secure pages may be followed. Default: any `https:` host,
   * plus `http:` on this page's origin and on localhost. Anything else fails the flow.
   */
  redirectHosts?: readonly string[];
  /**
   * Redux DevTools, sanitized (no card data, secrets or redirect queries). Off unless asked for,
   * so production builds never expose payments: e.g. `devTools: import.meta.env.DEV`.
   */
  devTools?: boolean | DevToolsOptions;
  /**
   * More middleware, after the payments' own: e.g. `createActionRecorder().middleware`, whose
   * log `exportDebugReport` puts in the report for `npm run replay`.
   */
  middleware?: readonly Middleware[];
  /**
   * Other tabs of this browser sharing the saved flows: one tab drives each flow, the others
   * follow it live and take over when it closes. Default, in a browser with `storage` (other
   * than sessionStorage): `createBrowserTabs()`. `false`: this tab drives every flow it holds.
   */
  tabs?: TabCoordination | false;
}

export interface DevToolsOptions {
  /** Actions kept in the DevTools history; default 500 (a session with a reconnect is long). */
  maxAge?: number;
  /** Record a stack trace with each action; default false (costly). */
  trace?: boolean;
}

/** What the sagas need, for a host that mounts the reducers in its own store. */
export interface PaymentsDepsOptions extends Omit<
  PaymentsStoreOptions,
  'storage' | 'devTools' | 'middleware' | 'tabs'
> {
  /** Flows shared with other tabs: the coordination, and how to read what every tab saved. */
  tabs?: SharedTabs;
  /**
   * The host's own redux-persist setup (see `createPaymentsPersistConfig`): the sagas wait for
   * the REHYDRATE of `key` before resuming any flow, and `flush` writes a flow before its
   * request is sent. Without it, flows are resumed at once and nothing is written ahead.
   */
  persistence?: { key: string; flush: () => Promise<unknown> };
}

/** The reducers to mount, under these keys, in a host app's own store. */
// The exported values below carry written types, so the declarations name only this package's
// types and its peers' public exports (inferred, they import `redux`, `redux-thunk` and
// `@socket.io/component-emitter`: dependencies of the peers, which an app need not be able to
// resolve, e.g. with pnpm).
export const paymentsReducers: {
  paymentFlows: Reducer<PaymentFlowsState>;
  connection: Reducer<ConnectionState>;
} = {
  paymentFlows: paymentFlowsReducer,
  connection: connectionReducer,
};

export const paymentsReducer: Reducer<
  PaymentsRootState,
  UnknownAction,
  Partial<PaymentsRootState>
> = combineReducers(paymentsReducers);

/** The store `makePaymentsTestStore` returns: RTK's defaults (thunk) over the payments reducers. */
export type PaymentsTestStore = EnhancedStore<
  PaymentsRootState,
  UnknownAction,
  Tuple<
    [
      StoreEnhancer<{ dispatch: ThunkDispatch<PaymentsRootState, undefined, UnknownAction> }>,
      StoreEnhancer,
    ]
  >
>;

/** The socket.io socket `createPaymentsStore` returns (with `socket`). */
export type PaymentsSocket = Socket;

/** The store `createPaymentsStore` returns. */
export type PaymentsStore = EnhancedStore<
  PaymentsRootState,
  UnknownAction,
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- what RTK infers here
  Tuple<[StoreEnhancer<{ dispatch: {} }>, StoreEnhancer]>
>;

/** The same reducers as slices, for a host's `combineSlices(...)` or lazy `inject(...)`. */
export const paymentsSlices = [paymentFlowsSlice, connectionSlice] as const;

/**
 * A store with the payments reducers and RTK's checks, but no sagas: for a host's component
 * tests, starting from any state (e.g. a flow in `requiresAction`).
 */
export function makePaymentsTestStore(
  preloadedState?: Partial<PaymentsRootState>,
): PaymentsTestStore {
  return configureStore({ reducer: paymentsReducer, preloadedState });
}

export function createPaymentsDeps(options: PaymentsDepsOptions): PaymentsDeps {
  return {
    api: createApiClient({ now: options.now, ...options.api }),
    now: options.now ?? Date.now,
    logger: options.logger ? redactedLogger(options.logger) : createLogger(),
    timings: { ...defaultTimings, ...options.timings },
    random: options.random ?? Math.random,
    retentionMs: options.retentionMs ?? 10 * 60 * 1000,
    navigate:
      options.navigate ??
      ((url) => {
        window.location.assign(url);
      }),
    redirectPolicy: {
      ...(options.redirectHosts ? { allowedHosts: options.redirectHosts } : {}),
      ...(typeof window === 'undefined' ? {} : { pageOrigin: window.location.origin }),
    },
    ...defaultReturnPath(options.returnPathFor),
    ...(options.socket
      ? { realtime: { socket: createPaymentSocket(options.socket), options: options.socket } }
      : {}),
    ...(options.persistence ? { persistence: options.persistence } : {}),
    ...(options.tabs ? { tabs: options.tabs } : {}),
  };
}

/**
 * The tabs to share flows with: the host's, or, in a browser, every tab of this origin when the
 * flows are saved (`sessionStorage` is one tab's own: nothing to share).
 */
function tabsOf(options: PaymentsStoreOptions): { coordination?: TabCoordination; own: boolean } {
  if (options.tabs === false) return { own: false };
  if (options.tabs) return { coordination: options.tabs, own: false };
  const shared =
    typeof window !== 'undefined' &&
    typeof navigator !== 'undefined' &&
    options.storage !== undefined &&
    options.storage.storage !== window.sessionStorage;
  if (!shared) return { own: false };
  // Tabs share flows only under one storage key: another store on the page (a widget saving
  // under its own key) must not take this store's flows in. The default key keeps its name.
  const key = options.storage?.key ?? 'payment-flows';
  const channelName = key === 'payment-flows' ? key : `payment-flows:${key}`;
  return { coordination: createBrowserTabs({ channelName }), own: true };
}

function liveReducer(config: PersistConfig<PaymentsRootState> | undefined) {
  if (!config)
    return liveOnlyPersistence(paymentsReducer, paymentsReducer, { key: '', version: 0 });
  // The `_persist` key it adds is redux-persist's bookkeeping; nothing of ours reads it.
  const persisted = persistReducer(config, paymentsReducer) as unknown as typeof paymentsReducer;
  return liveOnlyPersistence(persisted, paymentsReducer, {
    key: config.key,
    version: config.version ?? PERSIST_VERSION,
  });
}

function defaultReturnPath(returnPath?: (flowId: string) => string) {
  if (returnPath) return { returnPathFor: returnPath };
  if (typeof window === 'undefined') return {};
  return { returnPathFor: (flowId: string) => returnPathFor(flowId, window.location.pathname) };
}

function devToolsConfig(devTools: PaymentsStoreOptions['devTools']) {
  if (!devTools) return false;
  const { maxAge = 500, trace = false } = devTools === true ? {} : devTools;
  return {
    name: 'payment-flows',
    actionSanitizer: sanitizeAction,
    stateSanitizer: sanitizeState,
    maxAge,
    trace,
  };
}

function createStoreParts(options: PaymentsStoreOptions) {
  // The store shares its own saved flows (below); the deps' `tabs` is a host's setup.
  const deps = createPaymentsDeps({ ...options, tabs: undefined });
  const persistConfig =
    options.storage &&
    createPaymentsPersistConfig({ now: deps.now, ...options.storage }, deps.logger);
  // Only live actions reach redux-persist and the state the sagas read: Redux DevTools' replays
  // (a skipped action, a sweep, an import) change only what DevTools show.
  const persistence = liveReducer(persistConfig);
  const reducer = persistence.reducer;
  // Sagas read the live state, never the one Redux DevTools show when time-travelling.
  const sagas = createLiveSagaMiddleware({
    onError: (error, sagaStack) => {
      deps.logger.error(`saga failed: ${error.message}`, { sagaStack });
    },
  });
  const store: PaymentsStore = configureStore({
    reducer,
    middleware: (getDefaultMiddleware) =>
      getDefaultMiddleware({
        // redux-persist's own actions carry functions (register, rehydrate): RTK's documented setup.
        serializableCheck: { ignoredActions: PERSIST_ACTIONS },
      })
        .prepend(persistence.middleware)
        .concat(sagas.middleware, ...(options.middleware ?? [])),
    devTools: devToolsConfig(options.devTools),
  });
  let persistor: Persistor | undefined;
  if (persistConfig) {
    deps.persistence = {
      key: persistConfig.key,
      flush: () => persistor?.flush() ?? Promise.resolve(),
    };
  }
  const tabs = tabsOf(options);
  if (tabs.coordination) {
    const storageKey = persistConfig && storageKeyOf(persistConfig.key);
    const saved = options.storage?.storage;
    deps.tabs = {
      coordination: tabs.coordination,
      readSavedFlows: () =>
        saved && storageKey ? readSavedFlows(saved, storageKey, deps.logger) : Promise.resolve([]),
    };
  }
  // The sagas run first, so they see the REHYDRATE that persistStore triggers.
  const sagaTask = sagas.run(
    {
      getState: () => persistence.liveState() ?? store.getState(),
      dispatch: (action) => store.dispatch(action),
    },
    paymentsSaga,
    deps,
  );
  let removePagehide = (): void => undefined;
  if (persistConfig) {
    const started = persistStore(store);
    persistor = started;
    // The throttle may hold the latest change; a page being left still writes it.
    if (typeof window !== 'undefined') {
      const onPagehide = () => {
        void started.flush();
      };
      window.addEventListener('pagehide', onPagehide);
      removePagehide = () => {
        window.removeEventListener('pagehide', onPagehide);
      };
    }
  }
  /**
   * Stops everything the store started: the sagas (in-flight requests are aborted, the socket is
   * disconnected), the pagehide listener, and storage, after writing what it still holds.
   */
  async function close(): Promise<void> {
    sagaTask.cancel();
    removePagehide();
    if (tabs.own) tabs.coordination?.close();
    if (persistor) {
      await persistor.flush();
      persistor.pause();
    }
  }
  const socket: PaymentsSocket | undefined = deps.realtime?.socket;
  return { store, sagaTask, persistor, api: deps.api, socket, close };
}

/** What `createPaymentsStore` returns. */
export type PaymentsStoreParts = ReturnType<typeof createStoreParts>;

/** A ready store: the payments slices, their sagas running, DevTools sanitized. */
export function createPaymentsStore(
  options: PaymentsStoreOptions & { storage: PersistenceOptions },
): PaymentsStoreParts & { persistor: Persistor };
export function createPaymentsStore(options: PaymentsStoreOptions): PaymentsStoreParts;
export function createPaymentsStore(options: PaymentsStoreOptions): PaymentsStoreParts {
  return createStoreParts(options);
}

export type PaymentsState = ReturnType<PaymentsStore['getState']>;
export type PaymentsDispatch = PaymentsStore['dispatch'];
