import { call, select, takeLeading } from 'typed-redux-saga';
import { redirectRequested } from '../paymentFlowsSlice.js';
import { selectFlowById } from '../selectors.js';
import { getDeps } from './deps.js';
import { saveBeforeActing } from './writeAhead.js';

/** Leaves for 3-D Secure only once the flow is safely in storage, so the return resumes it. */
function* redirectToNextAction(action: ReturnType<typeof redirectRequested>) {
  const { navigate, logger } = yield* getDeps();
  const flow = yield* select(selectFlowById, action.payload.flowId);
  const url = flow?.status === 'requiresAction' ? flow.nextAction?.url : undefined;
  if (!url) {
    logger.warn('redirect requested without a next action', { flowId: action.payload.flowId });
    return;
  }
  yield* call(saveBeforeActing);
  logger.info('leaving for 3-D Secure', { flowId: action.payload.flowId });
  try {
    yield* call(navigate, url);
  } catch (error) {
    // The host's navigation failed: the flow stays in requiresAction and the user can try again.
    logger.error('navigate to 3-D Secure failed', {
      flowId: action.payload.flowId,
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

// Leading: a second click while the first redirect is being prepared does nothing.
export function* redirectOnRequest() {
  yield* takeLeading(redirectRequested, redirectToNextAction);
}
