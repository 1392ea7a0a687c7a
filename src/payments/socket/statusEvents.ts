import { put, select } from 'typed-redux-saga';
import { paymentStatusesReceived } from '../paymentFlowsSlice';
import type { WithPaymentFlows } from '../selectors';
import type { Logger } from '../logger';
import { getDeps } from '../sagas/deps';
import type { PaymentStatusUpdate } from '../types';
import type { PendingUpdates } from './pendingUpdates';
import { describeIssues } from '../apiSchemas';
import { paymentStatusEventSchema } from './socketSchemas';

const selectPaymentIndex = (state: WithPaymentFlows) => state.paymentFlows.flowIdByPaymentId;

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
    if (index[update.paymentId] !== undefined) {
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
