import { selectActiveFlowIdForDraft, selectFlowById } from '../../payments/selectors.js';
import type { BookingDraft } from '../../payments/types.js';
import { usePaymentsSelector } from './storeHooks.js';

/** A Confirm's flow and the draft it was started for. */
export interface StartedFlow {
  flowId: string;
  draft: BookingDraft;
}

/**
 * The flow that pays for a confirmed draft: the one started, or, once it gave way to another
 * tab's flow for the same draft (Confirm pressed in both), that tab's flow.
 */
export function useStartedFlowId(started: StartedFlow | undefined): string | undefined {
  return usePaymentsSelector((state) => {
    if (!started || selectFlowById(state, started.flowId)) return started?.flowId;
    return selectActiveFlowIdForDraft(state, started.draft) ?? started.flowId;
  });
}
