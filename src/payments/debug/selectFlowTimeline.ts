import { selectFlowById, type WithPaymentFlows } from '../selectors.js';
import type { FlowTransition } from '../types.js';

const NO_TIMELINE: readonly FlowTransition[] = Object.freeze([]);

/**
 * A flow's status changes, oldest first (the last `HISTORY_LIMIT` of them): from, to, cause,
 * time, and the server seq and attempt after each. An unknown flow has an empty timeline, the
 * same frozen array every time, so a component selecting it does not re-render.
 */
export function selectFlowTimeline(
  state: WithPaymentFlows,
  flowId: string,
): readonly FlowTransition[] {
  return selectFlowById(state, flowId)?.history ?? NO_TIMELINE;
}
