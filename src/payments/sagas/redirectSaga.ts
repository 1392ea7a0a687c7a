import { call, put, select, takeLeading } from 'typed-redux-saga';
import { flowIdInPayload } from '../flowChanges.js';
import { paymentFailed, redirectRequested } from '../paymentFlowsSlice.js';
import { isSafeRedirect, UNSAFE_REDIRECT_ERROR } from '../redirectPolicy.js';
import { selectFlowById } from '../selectors.js';
import { getDeps } from './deps.js';
import { saveBeforeActing } from './writeAhead.js';

/**
 * A 3-D Secure URL the policy refuses fails the flow with `unsafe_redirect`, wherever the flow
 * meets it (its step, or the user's click); true if it did.
 */
export function* refusedRedirect(flowId: string, url: string) {
  const { redirectPolicy, now } = yield* getDeps();
  if (isSafeRedirect(url, redirectPolicy)) return false;
  yield* put(paymentFailed({ flowId, error: { ...UNSAFE_REDIRECT_ERROR }, at: now() }));
  return true;
}

/** Leaves for 3-D Secure only once the flow is safely in storage, so the return resumes it. */
function* redirectToNextAction(action: ReturnType<typeof redirectRequested>) {
  const { navigate, logger } = yield* getDeps();
  // A host's or DevTools' redirectRequested may have no payload: it names no flow.
  const flowId = flowIdInPayload(action);
  if (flowId === undefined) return;
  const flow = yield* select(selectFlowById, flowId);
  const url = flow?.status === 'requiresAction' ? flow.nextAction?.url : undefined;
  if (!url) {
    logger.warn('redirect requested without a next action', { flowId });
    return;
  }
  if (yield* call(refusedRedirect, flowId, url)) return;
  yield* call(saveBeforeActing);
  logger.info(`flow ${flowId}: leaving for 3-D Secure`, { flowId });
  try {
    yield* call(navigate, url);
  } catch (error) {
    // The host's navigation failed: the flow stays in requiresAction and the user can try again.
    logger.error('navigate to 3-D Secure failed', {
      flowId,
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

// Leading: a second click while the first redirect is being prepared does nothing.
export function* redirectOnRequest() {
  yield* takeLeading(redirectRequested, redirectToNextAction);
}
