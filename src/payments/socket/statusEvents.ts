import { put, select } from 'typed-redux-saga';
import { paymentStatusesReceived } from '../paymentFlowsSlice.js';
import { indexEntry } from '../flowState.js';
import { selectPaymentFlowsState, type WithPaymentFlows } from '../selectors.js';
import type { Logger } from '../logger.js';
import { getDeps } from '../sagas/deps.js';
import type { PaymentStatusUpdate } from '../types.js';
import type { PendingUpdates } from './pendingUpdates.js';
import { describeIssues } from '../apiSchemas.js';
import { paymentStatusEventSchema } from './socketSchemas.js';

const selectPaymentIndex = (state: WithPaymentFlows) =>
  selectPaymentFlowsState(state).flowIdByPaymentId;

/** Validates one `payment:status` payload; a bad one is logged with its reason and dropped. */
export function parseStatusEvent(
  payload: unknown,
  logger: Logger,
): PaymentStatusUpdate | undefined {
  const parsed = paymentStatusEventSchema.safeParse(payload);
  if (parsed.success) return parsed.data;
  logger.warn(`dropped payment:status: ${describeIssues(parsed.error)}`);
  return undefined;
}

/** One reducer step for the whole batch; updates for unlinked payments wait in `pending`. */
export function* applyStatusEvents(updates: PaymentStatusUpdate[], pending: PendingUpdates) {
  const { now, logger } = yield* getDeps();
  const index = yield* select(selectPaymentIndex);
  const linked: PaymentStatusUpdate[] = [];
  for (const update of updates) {
    if (indexEntry(index, update.paymentId) !== undefined) {
      linked.push(update);
      continue;
    }
    for (const dropped of pending.hold(update)) {
      logger.warn('dropped payment:status for a payment no flow is linked to', {
        paymentId: dropped.paymentId,
        seq: dropped.seq,
      });
    }
  }
  if (linked.length > 0) yield* put(paymentStatusesReceived({ updates: linked, at: now() }));
}
