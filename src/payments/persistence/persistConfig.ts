import {
  FLUSH,
  PAUSE,
  PERSIST,
  PURGE,
  REGISTER,
  REHYDRATE,
  type MigrationManifest,
  type PersistConfig,
  type PersistedState,
} from 'redux-persist';
import type { PaymentFlowsState } from '../flowState.js';
import { createLogger, redactedLogger, type Logger } from '../logger.js';
import type { ConnectionState } from '../socket/connectionSlice.js';
import { createGuardedStorage, type KeyValueStorage } from './guardedStorage.js';
import { createMergingStorage } from './mergingStorage.js';
import { FLOWS_KEY } from './storageLayout.js';
import { createSafeMigrate, migrations, PERSIST_VERSION } from './migrations.js';
import {
  flowsTransform,
  reconcileRestored,
  restoredFateOf,
  restorePersistedState,
} from './persistedFlows.js';
import type { DroppedEntry, PersistedFlows, StoredFlows } from './storedFlows.js';

export interface PersistenceOptions {
  storage: KeyValueStorage;
  /** Default 'payment-flows'; stored under `persist:<key>`. */
  key?: string;
  /** At most one write per window, however many status events arrive; default 500 ms. */
  throttleMs?: number;
  /** A read slower than this starts the app without saved flows (kept, not lost); default 5 s. */
  readTimeoutMs?: number;
  /** The stored shape's version and the steps up to it; default ours (migrations.ts). */
  migrations?: { version: number; manifest: MigrationManifest };
  /** Clock for tombstones (epoch ms); default the store's `now`, else `Date.now`. */
  now?: () => number;
}

/** The state redux-persist sees: the payments reducers at the root of the store. */
export interface PaymentsRootState {
  paymentFlows: PaymentFlowsState;
  connection: ConnectionState;
}

export const PERSIST_ACTIONS = [FLUSH, REHYDRATE, PAUSE, PERSIST, PURGE, REGISTER];

/** The storage key redux-persist uses for a config key. */
export const storageKeyOf = (key: string) => `persist:${key}`;

/**
 * The redux-persist config for the payments reducers at the root of a store. Only `paymentFlows`
 * is saved, through the transform that keeps in-progress flows' safe fields; storage is guarded
 * (read timeout, failed writes logged), each write merges with the flows other tabs stored, and
 * old shapes are migrated. A host with its own store
 * wraps its root reducer in it and keeps its own slices' persistence nested under their keys.
 */
// `Partial`: a lazily injected root (`combineSlices(...).withLazyLoadedSlices()`) types the
// payments slices as optional until they are injected.
export function createPaymentsPersistConfig<
  S extends Partial<PaymentsRootState> = PaymentsRootState,
>(options: PersistenceOptions, hostLogger: Logger = createLogger()): PersistConfig<S> {
  const logger = redactedLogger(hostLogger);
  const key = options.key ?? 'payment-flows';
  const storageKey = storageKeyOf(key);
  // Each write merges with what other tabs stored (mergingStorage.ts), below the guard.
  const merging = createMergingStorage(options.storage, {
    key: storageKey,
    now: options.now ?? Date.now,
    logger,
  });
  const storage = createGuardedStorage(merging, {
    readTimeoutMs: options.readTimeoutMs ?? 5_000,
    logger,
  });
  const safeMigrate = createSafeMigrate(options.migrations?.manifest ?? migrations, {
    logger,
    onFailure: () => storage.backupLastRead(storageKey),
  });
  /**
   * The flows part the restore read. Unless a migration changed it, what it reads as is what
   * storage holds, and the first write skips the flows still as read; a migrated one is written.
   */
  let restoredFrom: unknown;
  return {
    key,
    storage,
    // redux-persist's own reader (each value through the transform's `out`) on the value the
    // guard parsed once while checking it: its default parses it all again (~8 ms at 1,000 flows).
    getStoredState: async () => {
      // Null when nothing readable is stored (the guard has kept what does not parse).
      const parsed = (await storage.readItem(storageKey))?.parsed;
      if (parsed === undefined) return undefined;
      restoredFrom = parsed[FLOWS_KEY];
      const state: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(parsed)) {
        state[name] = flowsTransform.out(value as PersistedFlows, name, parsed);
      }
      return state as PersistedState;
    },
    version: options.migrations?.version ?? PERSIST_VERSION,
    whitelist: ['paymentFlows'],
    transforms: [flowsTransform],
    throttle: options.throttleMs ?? 500,
    // The merging storage takes the object and writes redux-persist's format itself: serialized
    // here, it would parse it back to merge it, then serialize it again (~12 of ~20 ms per write
    // at 1,000 flows).
    serialize: false,
    stateReconciler: reconcileRestored,
    // Our storage times the read out itself, without the empty rehydrate that then wipes data.
    timeout: 0,
    migrate: async (state, version) => {
      const migrated = await safeMigrate(state, version);
      const readAtRestore = restoredFrom;
      let dropped: DroppedEntry[] = [];
      let asStored: StoredFlows | undefined;
      const restored =
        migrated &&
        restorePersistedState(migrated, logger, (flows, read) => {
          ({ dropped } = read);
          if (readAtRestore !== undefined && readAtRestore === flows) asStored = read;
        });
      if (asStored && restored) merging.restoredFrom(asStored, restoredFateOf);
      // A flow this version cannot read (an older one stored what is now refused) is dropped,
      // and the first write stores over it: kept first, as an unparsable value is. Tombstones
      // only keep flows out, and are not worth a copy.
      if (dropped.some(({ what }) => what !== 'tombstones')) {
        await storage.backupLastRead(storageKey);
      }
      return restored;
    },
  };
}
