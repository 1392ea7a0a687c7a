import {
  addFlow,
  draftKey,
  flowByIdIn,
  indexEntry,
  removeFlows,
  setIndexEntry,
  type PaymentFlowsState,
} from './flowState.js';
import {
  linkServerIds,
  namesOtherIds,
  recordWarning,
  unlinkFlow,
  updateFlowDetails,
} from './flowTransitions.js';
import { preferredCopy, toPersistedFlow, type PersistedFlow } from './persistence/flowRecord.js';
import { isTerminal } from './statusMachine.js';

/**
 * Takes in another tab's copy of a flow, as the tab driving it sent it. A copy is not a
 * transition: the driving tab made those through the status machine, and this tab only follows
 * them, as it does a rehydrated flow. So the copy that has seen more of the server wins
 * (`preferredCopy`), even over a step this tab took on its own (a command it passed on), and so
 * does one the driving tab finished on the same server news; a flow finished here never moves
 * again.
 */
export function adoptMirroredFlow(state: PaymentFlowsState, copy: PersistedFlow): void {
  const local = flowByIdIn(state, copy.flowId);
  if (local) {
    if (isTerminal(local)) return;
    // A copy the driving tab finished wins over a step this tab took meanwhile on the same
    // server news (a Pay it passed on, which the driving tab then refused): nothing will ever
    // change that flow again, so this tab's step would stand for ever.
    const finishedThere = isTerminal(copy) && copy.serverSeq >= local.serverSeq;
    if (!finishedThere && preferredCopy(toPersistedFlow(local), copy) !== copy) return;
    if (namesOtherIds(local, copy)) {
      recordWarning(
        state,
        local.flowId,
        'another tab’s copy names other server ids',
        copy.updatedAt,
      );
      return;
    }
    // The 3-D Secure URL never travels between tabs; it stays while the step is the same.
    const nextAction = copy.status === local.status ? local.nextAction : undefined;
    linkServerIds(state, local, copy);
    updateFlowDetails(state, local, { ...copy, nextAction }, copy.updatedAt);
    return;
  }
  if (isTerminal(copy)) return;
  if (!yieldsDraft(state, copy)) return;
  addFlow(state, { ...copy });
  const added = flowByIdIn(state, copy.flowId);
  if (added) linkServerIds(state, added, copy);
  setIndexEntry(state.flowIdByDraftKey, draftKey(copy.booking), copy.flowId);
}

/**
 * One active flow per booking draft, across tabs too. A flow of this tab that is still a draft
 * has asked nothing of the server: it gives way to another tab's flow for the same draft, which
 * is how Confirm in two tabs ends as one booking. A flow of ours that is under way is kept, and
 * the other tab's copy is left out (with a warning): dropping a booking would lose it.
 */
function yieldsDraft(state: PaymentFlowsState, copy: PersistedFlow): boolean {
  const activeId = indexEntry(state.flowIdByDraftKey, draftKey(copy.booking));
  const active = activeId === undefined ? undefined : flowByIdIn(state, activeId);
  if (!active || isTerminal(active)) return true;
  if (active.status !== 'draft') {
    recordWarning(
      state,
      copy.flowId,
      `another tab’s flow ignored: ${active.flowId} is under way for the same booking draft`,
      copy.updatedAt,
    );
    return false;
  }
  unlinkFlow(state, active);
  removeFlows(state, [active.flowId]);
  state.diagnostics.duplicateStartsIgnored += 1;
  return true;
}
