import { configureStore, type Action, type UnknownAction } from '@reduxjs/toolkit';
import { REHYDRATE } from 'redux-persist';
import { paymentsReducer } from '../createPaymentsStore.js';
import { PERSIST_ACTIONS } from '../persistence/persistConfig.js';
import { reconcileRestored } from '../persistence/persistedFlows.js';
import { selectAllFlows } from '../selectors.js';
import type { FlowStatus } from '../statusMachine.js';
import { DEBUG_REPORT_FORMAT } from './exportDebugReport.js';

export type ReplayState = ReturnType<typeof paymentsReducer>;

export interface ReplayStep {
  action: Action;
  /** The payments state after the action. */
  state: ReplayState;
  /** Flows whose status this action changed. */
  transitions: { flowId: string; from: FlowStatus | null; to: FlowStatus | null }[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * The payments reducers, plus what redux-persist does with a REHYDRATE: the live store's own
 * merge (`reconcileRestored`, which keeps a flow started before the restore beside the restored
 * ones), over the payments slices only. Its other actions change nothing here.
 */
export function replayReducer(state: ReplayState | undefined, action: UnknownAction): ReplayState {
  const reduced = paymentsReducer(state, action);
  if (action.type !== REHYDRATE || !isRecord(action.payload) || state === undefined) return reduced;
  const restored: Record<string, unknown> = {};
  for (const key of ['paymentFlows', 'connection'] as const) {
    if (action.payload[key] !== undefined) restored[key] = action.payload[key];
  }
  return reconcileRestored(restored, state, reduced);
}

function statuses(state: ReplayState): Map<string, FlowStatus> {
  return new Map(selectAllFlows(state).map((flow) => [flow.flowId, flow.status]));
}

/**
 * Runs recorded actions, oldest first, through the payments reducers in a fresh store with no
 * sagas, no socket and no storage: the states the recording store went through, step by step.
 */
export function replayActions(actions: readonly Action[]): ReplayStep[] {
  const store = configureStore({
    reducer: replayReducer,
    middleware: (getDefaultMiddleware) =>
      getDefaultMiddleware({ serializableCheck: { ignoredActions: PERSIST_ACTIONS } }),
  });
  return actions.map((action, index) => {
    const before = statuses(store.getState());
    try {
      store.dispatch(action);
      statuses(store.getState());
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `action #${index + 1} (${action.type}) could not be replayed: ${reason} (is the report edited or damaged?)`,
      );
    }
    const state = store.getState();
    const after = statuses(state);
    const transitions: ReplayStep['transitions'] = [];
    for (const flowId of new Set([...before.keys(), ...after.keys()])) {
      const from = before.get(flowId) ?? null;
      const to = after.get(flowId) ?? null;
      if (from !== to) transitions.push({ flowId, from, to });
    }
    return { action, state, transitions };
  });
}

/** The recorded actions of an exported debug report; throws with a reason if it has none. */
export function actionsOfReport(report: unknown): { flowId?: string; actions: Action[] } {
  if (!isRecord(report) || report.format !== DEBUG_REPORT_FORMAT) {
    throw new Error(`not a payment-flows debug report (format ${DEBUG_REPORT_FORMAT})`);
  }
  const { actions, flowId } = report;
  if (!Array.isArray(actions)) {
    throw new Error('the report has no recorded actions: export it with { actions }');
  }
  const valid = actions.filter(
    (action): action is Action => isRecord(action) && typeof action.type === 'string',
  );
  if (valid.length !== actions.length) throw new Error('the report has an action without a type');
  // A reducer looks its case up by type: `toString` or `__proto__` would find Object.prototype's.
  const inherited = valid.findIndex((action) => action.type in Object.prototype);
  if (inherited !== -1) {
    throw new Error(
      `action #${inherited + 1} has the type ${JSON.stringify(valid[inherited]?.type)}, a name every object has: no action has it`,
    );
  }
  return { ...(typeof flowId === 'string' ? { flowId } : {}), actions: valid };
}

/**
 * One line per action (its number and type) and one per status change, of `flowId` only when
 * given: what `npm run replay` prints.
 */
export function describeReplay(steps: readonly ReplayStep[], flowId?: string): string[] {
  const lines: string[] = [];
  steps.forEach(({ action, transitions }, index) => {
    lines.push(`#${index + 1} ${action.type}`);
    for (const change of transitions) {
      if (flowId !== undefined && change.flowId !== flowId) continue;
      const from = change.from ?? '(none)';
      const to = change.to ?? '(gone)';
      lines.push(`    flow ${change.flowId}: ${from} -> ${to}`);
    }
  });
  return lines;
}

/** What `npm run replay -- report.json` prints for a parsed report. */
export function replayReport(report: unknown): string[] {
  const { flowId, actions } = actionsOfReport(report);
  const header = `replaying ${actions.length} actions${flowId === undefined ? '' : ` for flow ${flowId}`}`;
  return [header, ...describeReplay(replayActions(actions), flowId)];
}
