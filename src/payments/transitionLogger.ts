import type { Action, Middleware } from '@reduxjs/toolkit';
import { touchedFlowIds } from './flowChanges';
import type { Logger } from './logger';
import type { WithPaymentFlows } from './selectors';

/**
 * Logs the story of each flow: one line per status change and per refused action, never one per
 * action. Only the flows the action names are compared, so its cost does not grow with the store.
 */
export function createTransitionLogger(logger: Logger): Middleware<object, WithPaymentFlows> {
  return (api) => (next) => (action) => {
    const before = api.getState().paymentFlows;
    const result = next(action);
    const after = api.getState().paymentFlows;
    if (after.entities !== before.entities) {
      for (const flowId of new Set(touchedFlowIds(action as Action, after))) {
        const previous = before.entities[flowId];
        const current = after.entities[flowId];
        if (!current || !previous || previous.status === current.status) continue;
        logger.info(`flow ${previous.status} -> ${current.status}`, {
          flowId,
          cause: current.history.at(-1)?.cause,
        });
      }
    }
    const { warnings } = after.diagnostics;
    if (warnings !== before.diagnostics.warnings) {
      const latest = warnings.at(-1);
      if (latest) logger.warn(`refused: ${latest.message}`, { flowId: latest.flowId });
    }
    return result;
  };
}
