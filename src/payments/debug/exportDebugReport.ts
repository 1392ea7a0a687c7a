import type { Action } from '@reduxjs/toolkit';
import { REHYDRATE } from 'redux-persist';
import { flowsIn, stateWithFlows, type FlowWarning, type PaymentFlowsState } from '../flowState.js';
import { redactSecrets, redactText } from '../redact.js';
import { selectFlowById, selectFlowDiagnostics, type WithPaymentFlows } from '../selectors.js';
import {
  selectConnection,
  selectWatcherCount,
  type ConnectionChange,
  type ConnectionStatus,
  type WithConnection,
} from '../socket/connectionSlice.js';
import type { FlowTransition, PaymentFlow } from '../types.js';
import { selectFlowTimeline } from './selectFlowTimeline.js';
import { PACKAGE_VERSION } from './version.js';

export const DEBUG_REPORT_FORMAT = 'payment-flows/debug-report';

/**
 * What a user attaches to a support request about one flow. Everything in it has passed the
 * one redactor (`redactSecrets`): a value that looks secret is the string `[redacted]`, and a
 * redirect URL keeps its path only.
 */
export interface DebugReport {
  format: typeof DEBUG_REPORT_FORMAT;
  /** The payment-flows version that wrote it. */
  version: string;
  /** ISO 8601. */
  exportedAt: string;
  flowId: string;
  /** The flow as the store has it; null when the store has no such flow (e.g. retired). */
  flow: PaymentFlow | null;
  timeline: readonly FlowTransition[];
  /** The socket now, its last changes (oldest first), and this flow's watchers. */
  connection: {
    status: ConnectionStatus;
    history: readonly ConnectionChange[];
    reconnectAttempt: number;
    lastError?: string;
    lastConnectedAt?: number;
    watchersOfFlow: number;
  };
  diagnostics: {
    /** The refusals recorded for this flow, newest last. */
    warnings: readonly FlowWarning[];
    staleUpdatesIgnored: number;
    unknownUpdatesIgnored: number;
    duplicateStartsIgnored: number;
    illegalTransitions: number;
  };
  /** The store's actions from its start, when a recorder gave them: what `npm run replay` runs. */
  actions?: readonly Action[];
  /** The recorder dropped its oldest actions: a replay starts from the middle. */
  actionsTruncated?: boolean;
}

export interface DebugReportExtras {
  /** Recorded actions, e.g. `recorder.actions()` (see `createActionRecorder`). */
  actions?: readonly Action[];
  actionsTruncated?: boolean;
  /** Epoch ms written as `exportedAt`; default now. */
  exportedAt?: number;
}

const redacted = <T>(value: T): T => redactSecrets(value) as T;

/**
 * A REHYDRATE carries the restored flows in their trie, deeper than the redactor reads: its
 * flows are redacted one by one and put back in a trie, so a replay restores them whole.
 */
function redactedAction(action: Action): Action {
  const { payload } = action as { payload?: unknown };
  if (action.type !== REHYDRATE || typeof payload !== 'object' || payload === null) {
    return redacted(action);
  }
  const { paymentFlows, ...rest } = payload as { paymentFlows?: PaymentFlowsState };
  if (!paymentFlows || !Array.isArray(paymentFlows.flows)) return redacted(action);
  return {
    ...redacted({ ...action, payload: undefined }),
    payload: {
      ...redacted(rest),
      paymentFlows: stateWithFlows(
        redacted(paymentFlows.diagnostics),
        flowsIn(paymentFlows.flows).map((flow) => redacted(flow)),
      ),
    },
  } as Action;
}

/**
 * A sanitized, JSON-serializable report on one flow, read from the store's state through the
 * public selectors: the flow, its timeline, the connection, the diagnostics, and the action log
 * if one is given. It reads no clock unless `exportedAt` is left out.
 */
export function exportDebugReport(
  state: WithPaymentFlows & WithConnection,
  flowId: string,
  extras: DebugReportExtras = {},
): DebugReport {
  const connection = selectConnection(state);
  const diagnostics = selectFlowDiagnostics(state);
  const flow = selectFlowById(state, flowId);
  // Part by part: the redactor hides whatever is nested too deep, and an action must stay whole.
  return {
    format: DEBUG_REPORT_FORMAT,
    version: PACKAGE_VERSION,
    exportedAt: new Date(extras.exportedAt ?? Date.now()).toISOString(),
    flowId: redactText(flowId),
    flow: flow ? redacted(flow) : null,
    timeline: redacted(selectFlowTimeline(state, flowId)),
    connection: redacted({
      status: connection.status,
      history: connection.history,
      reconnectAttempt: connection.attempt,
      ...(connection.lastError === undefined ? {} : { lastError: connection.lastError }),
      ...(connection.lastConnectedAt === undefined
        ? {}
        : { lastConnectedAt: connection.lastConnectedAt }),
      watchersOfFlow: selectWatcherCount(state, flowId),
    }),
    diagnostics: {
      warnings: redacted(diagnostics.warnings.filter((warning) => warning.flowId === flowId)),
      staleUpdatesIgnored: diagnostics.staleUpdatesIgnored,
      unknownUpdatesIgnored: diagnostics.unknownUpdatesIgnored,
      duplicateStartsIgnored: diagnostics.duplicateStartsIgnored,
      illegalTransitions: diagnostics.illegalTransitions,
    },
    ...(extras.actions ? { actions: extras.actions.map(redactedAction) } : {}),
    ...(extras.actionsTruncated ? { actionsTruncated: true } : {}),
  };
}
