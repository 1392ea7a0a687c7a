import { draftKey, type PaymentFlowsState } from '../../src/payments/flowState';
import { HISTORY_LIMIT } from '../../src/payments/flowTransitions';
import { isTerminal, legalTargets, MAX_PAYMENT_ATTEMPTS } from '../../src/payments/statusMachine';

/** What must hold after every step, whatever the sequence; a description of the first breach. */
export function breach(before: PaymentFlowsState, after: PaymentFlowsState): string | undefined {
  for (const id of after.ids) {
    const flow = after.entities[id];
    if (!flow || flow.flowId !== id) return `ids and entities disagree on ${id}`;
    if (flow.attempt > MAX_PAYMENT_ATTEMPTS) return `${id} made attempt ${flow.attempt}`;
    if (flow.history.length > HISTORY_LIMIT) return `${id} history has ${flow.history.length}`;
    const step = flow.history.at(-1);
    if (step && !legalTargets(step.from).includes(step.to)) {
      return `${id} moved ${step.from} -> ${step.to}`;
    }
    if (flow.bookingId && after.flowIdByBookingId[flow.bookingId] !== id) {
      return `${id}'s booking is not indexed to it`;
    }
    if (flow.paymentId && after.flowIdByPaymentId[flow.paymentId] !== id) {
      return `${id}'s payment is not indexed to it`;
    }
    if (!isTerminal(flow) && after.flowIdByDraftKey[draftKey(flow.booking)] !== id) {
      return `active ${id} is not its draft's flow`;
    }
    const previous = Object.hasOwn(before.entities, id) ? before.entities[id] : undefined;
    if (previous && isTerminal(previous) && previous !== flow) return `terminal ${id} changed`;
    if (previous && flow.serverSeq < previous.serverSeq) return `${id}'s serverSeq went down`;
  }
  const indexes = [after.flowIdByBookingId, after.flowIdByPaymentId, after.flowIdByDraftKey];
  for (const index of indexes) {
    for (const [key, id] of Object.entries(index)) {
      const flow = Object.hasOwn(after.entities, id) ? after.entities[id] : undefined;
      if (!flow) return `index key ${key} points at missing flow ${id}`;
      const own = [flow.bookingId, flow.paymentId, isTerminal(flow) ? '' : draftKey(flow.booking)];
      if (!own.includes(key)) return `index key ${key} points at ${id}, which is not its flow`;
    }
  }
  return undefined;
}
