import * as z from 'zod/mini';
import { flowErrorSchema, moneySchema, returnPathSchema, safeIdSchema } from '../apiSchemas.js';
import { CRITICAL_STATUSES, FLOW_STATUSES } from '../statusMachine.js';
import type { PaymentFlow } from '../types.js';

/**
 * What of a flow may be written to storage: ids, status, seq, the draft, amount, hold deadline,
 * attempt, the attempt's return path, history. Never a token, card data, or the redirect URL (it may carry a client
 * secret); a resync brings that back.
 */
export const persistedFlowSchema = z.object({
  flowId: safeIdSchema,
  bookingId: z.optional(safeIdSchema),
  paymentId: z.optional(safeIdSchema),
  status: z.enum(FLOW_STATUSES),
  booking: z.object({
    resourceId: z.string(),
    start: z.number(),
    durationMinutes: z.number(),
    bookingType: z.enum(['FIRM', 'TENTATIVE']),
  }),
  amount: z.optional(moneySchema),
  holdExpiresAt: z.optional(z.number()),
  attempt: z.int(),
  paymentMethodId: z.optional(z.string()),
  returnPath: z.optional(returnPathSchema),
  serverSeq: z.int(),
  error: z.optional(flowErrorSchema),
  createdAt: z.number(),
  updatedAt: z.number(),
  history: z.array(
    z.object({
      from: z.enum(FLOW_STATUSES),
      to: z.enum(FLOW_STATUSES),
      cause: z.string(),
      at: z.number(),
      // Recorded from stored version 3; older entries have neither.
      serverSeq: z.optional(z.int()),
      attempt: z.optional(z.int()),
    }),
  ),
});

export type PersistedFlow = z.infer<typeof persistedFlowSchema>;

/** Copies field by field, so a field added to PaymentFlow is not persisted by accident. */
export function toPersistedFlow(flow: PaymentFlow): PersistedFlow {
  return {
    flowId: flow.flowId,
    bookingId: flow.bookingId,
    paymentId: flow.paymentId,
    status: flow.status,
    booking: { ...flow.booking },
    amount: flow.amount,
    holdExpiresAt: flow.holdExpiresAt,
    attempt: flow.attempt,
    paymentMethodId: flow.paymentMethodId,
    returnPath: flow.returnPath,
    serverSeq: flow.serverSeq,
    error: flow.error,
    createdAt: flow.createdAt,
    updatedAt: flow.updatedAt,
    history: flow.history,
  };
}

/** How far the server has this flow: a payment that may be under way outranks everything. */
export function progressOf(flow: Pick<PaymentFlow, 'status' | 'bookingId' | 'paymentId'>): number {
  if (CRITICAL_STATUSES.has(flow.status) || flow.status === 'reconciling') return 3;
  if (flow.paymentId !== undefined) return 2;
  return flow.bookingId === undefined ? 0 : 1;
}

type HistoryEntry = PaymentFlow['history'][number];

const sameEntry = (a: HistoryEntry, b: HistoryEntry) =>
  a.from === b.from &&
  a.to === b.to &&
  a.cause === b.cause &&
  a.at === b.at &&
  a.serverSeq === b.serverSeq &&
  a.attempt === b.attempt;

/**
 * Whether `later` is `earlier` moved on: its history holds all of `earlier`'s (as far as both
 * keep, each at most HISTORY_LIMIT entries), then more. Clocks play no part.
 */
export function extendsHistory(
  later: readonly HistoryEntry[],
  earlier: readonly HistoryEntry[],
): boolean {
  if (later.length === 0) return false;
  const last = earlier.at(-1);
  if (last === undefined) return true;
  for (let end = later.length - 2; end >= 0; end -= 1) {
    const candidate = later[end];
    if (candidate === undefined || !sameEntry(candidate, last)) continue;
    const overlap = Math.min(end + 1, earlier.length);
    let same = true;
    for (let back = 1; back < overlap && same; back += 1) {
      const a = later[end - back];
      const b = earlier[earlier.length - 1 - back];
      same = a !== undefined && b !== undefined && sameEntry(a, b);
    }
    if (same) return true;
  }
  return false;
}

/** 1 when `mine` is `theirs` moved on, -1 the other way round, 0 when neither is. */
function descent(mine: CopyFields, theirs: CopyFields): number {
  // The same last step: neither moved on (most pairs a write compares, checked at once).
  const mineLast = mine.history.at(-1);
  const theirLast = theirs.history.at(-1);
  if (mineLast !== undefined && theirLast !== undefined && sameEntry(mineLast, theirLast)) {
    return 0;
  }
  if (extendsHistory(mine.history, theirs.history)) return 1;
  if (extendsHistory(theirs.history, mine.history)) return -1;
  return 0;
}

/**
 * Of two copies of one flow, the one that has seen more of the server: the higher `serverSeq`,
 * then the one that is the other moved on (its history extends the other's: no clock decides
 * between a copy and its own successor), then the later `updatedAt`, then the further along (a
 * payment under way beats a booking, which beats a draft), then the longer history. A tie keeps
 * `mine`.
 */
export function preferredCopy<T extends CopyFields>(mine: T, theirs: T): T {
  const order =
    mine.serverSeq - theirs.serverSeq ||
    descent(mine, theirs) ||
    mine.updatedAt - theirs.updatedAt ||
    progressOf(mine) - progressOf(theirs) ||
    mine.history.length - theirs.history.length;
  return order >= 0 ? mine : theirs;
}

type CopyFields = Pick<
  PaymentFlow,
  'serverSeq' | 'updatedAt' | 'status' | 'bookingId' | 'paymentId' | 'history'
>;
