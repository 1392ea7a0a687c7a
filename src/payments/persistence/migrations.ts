import { createMigrate, type MigrationManifest, type PersistedState } from 'redux-persist';
import { returnPathSchema } from '../apiSchemas.js';
import type { Logger } from '../logger.js';

/**
 * Bump with every change to what is stored (persistedFlows.ts), adding the step that carries
 * the previous version's data forward. The shape test fails when one is forgotten.
 */
export const PERSIST_VERSION = 5;

export const migrations: MigrationManifest = {
  // The first release: the stored shape is `{ paymentFlows: { flows: PersistedFlow[] } }`.
  1: (state) => state,
  // Adds the optional `returnPath` of the current attempt. A version 1 flow has none: its next
  // confirm fixes one, as a new attempt's would.
  2: (state) => state,
  // Each history entry may carry the flow's `serverSeq` and `attempt` after it (the timeline).
  // Older entries have neither and are kept as they are: both are optional.
  // Version 2 as first released checked a return path only for its leading `/`; the stored
  // schema now refuses one off this site once decoded, undecodable, or over 512 characters, and
  // a flow that does not parse is dropped, payment under way included. Such a path is dropped
  // instead: the confirm it belonged to was sent, and a re-send without it that the server
  // refuses reconciles (see README, "One charge per attempt").
  3: (state) =>
    eachStoredFlow(state, (flow) => {
      const { returnPath, ...rest } = flow;
      return returnPath === undefined || returnPathSchema.safeParse(returnPath).success
        ? flow
        : rest;
    }),
  // Adds `retired` next to `flows` (flowId → when it ended, epoch ms): the tombstones that keep
  // a flow retired in one tab out of every other tab's write. A version 3 value has none.
  4: (state) => {
    if (state === undefined) return state;
    const { paymentFlows } = state as typeof state & { paymentFlows?: unknown };
    if (typeof paymentFlows !== 'object' || paymentFlows === null) return state;
    return { ...state, paymentFlows: { retired: {}, ...paymentFlows } } as typeof state;
  },
  // Each flow is stored under its own key, listed by the persist key (storageLayout.ts). What a
  // migration sees is unchanged: the storage puts the entries back inline when it reads, and a
  // version 4 value's inline flows move to entries with the next write. Bumped so that an older
  // release still open in another tab keeps this value in its backup before it writes.
  5: (state) => state,
};

/**
 * The state with each stored flow through `step`. Read defensively: what is not in the stored
 * shape is left as it is, for the restore to report.
 */
function eachStoredFlow(
  state: PersistedState,
  step: (flow: Record<string, unknown>) => Record<string, unknown>,
): PersistedState {
  if (state === undefined) return state;
  const { paymentFlows } = state as typeof state & { paymentFlows?: unknown };
  if (typeof paymentFlows !== 'object' || paymentFlows === null) return state;
  if (!('flows' in paymentFlows) || !Array.isArray(paymentFlows.flows)) return state;
  const flows: unknown[] = paymentFlows.flows.map((flow: unknown) =>
    typeof flow === 'object' && flow !== null && !Array.isArray(flow)
      ? step(flow as Record<string, unknown>)
      : flow,
  );
  return { ...state, paymentFlows: { ...paymentFlows, flows } } as typeof state;
}

/**
 * createMigrate, except that a throwing migration is logged and the app starts without the
 * saved flows, after `onFailure` has kept the stored data, instead of rehydrating nothing and
 * overwriting it.
 */
export function createSafeMigrate(
  manifest: MigrationManifest,
  options: { logger: Logger; onFailure: () => Promise<void> },
) {
  const migrate = createMigrate(manifest);
  return async (state: PersistedState, version: number): Promise<PersistedState> => {
    // Read defensively: a stored value is only what some page wrote.
    const meta = state?._persist as { version?: unknown } | undefined;
    const stored = meta?.version;
    if (typeof stored === 'number' && stored > version) {
      // A newer release wrote it (a rollback, or an older tab still open): redux-persist passes
      // it through, and this version's writes would drop every flow it cannot read. Kept first.
      options.logger.error(
        `saved flows are from a newer version (${stored}, this one reads ${version}); kept in the backup, resuming those this version can read`,
      );
      await options.onFailure();
      return state;
    }
    try {
      return await migrate(state, version);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      options.logger.error(`migrating saved flows failed (${message}); starting without them`);
      await options.onFailure();
      return undefined;
    }
  };
}
