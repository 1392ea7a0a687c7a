import type { CaseReducer as SliceCaseReducer, PayloadAction } from '@reduxjs/toolkit';
import * as z from 'zod/mini';
import {
  describeIssues,
  flowErrorSchema,
  moneySchema,
  nextActionSchema,
  returnPathSchema,
} from './apiSchemas.js';
import type { PaymentFlowsState } from './flowState.js';
import { persistedFlowSchema } from './persistence/flowRecord.js';
import { recordWarning } from './flowTransitions.js';
import { SERVER_PAYMENT_STATUSES } from './statusMachine.js';
import type { BookingDraft, FlowError, Money, PaymentStatusUpdate } from './types.js';

/**
 * The payload of every paymentFlows action, as a schema. The sagas only dispatch well-formed
 * actions, but anyone can dispatch (a host, a test, Redux DevTools' dispatcher): a malformed one
 * is refused with a warning instead of throwing or corrupting a flow.
 */

export interface FlowEvent {
  flowId: string;
  /** Epoch ms, stamped by whoever dispatches: reducers never read the clock. */
  at: number;
}

export interface BookingCreatedPayload extends FlowEvent {
  bookingId: string;
  /** Absent when the booking needs no payment. */
  payment?: { paymentId: string; seq: number };
  amount?: Money;
  holdExpiresAt?: number;
}

const at = z.number();

export const flowEventSchema: z.ZodMiniType<FlowEvent> = z.object({ flowId: z.string(), at });

export interface SecondFlowFoundPayload extends FlowEvent {
  /** The booking draft's flow this one was found beside, where it was found. */
  draftFlowId: string;
}

export const secondFlowFoundSchema: z.ZodMiniType<SecondFlowFoundPayload> = z.object({
  flowId: z.string(),
  at,
  draftFlowId: z.string(),
});

const bookingDraftSchema: z.ZodMiniType<BookingDraft> = z.object({
  resourceId: z.string(),
  start: z.number(),
  durationMinutes: z.number(),
  bookingType: z.enum(['FIRM', 'TENTATIVE']),
});

export const flowStartedSchema = z.object({
  flowId: z.string(),
  at,
  booking: bookingDraftSchema,
});

export const bookingCreatedSchema: z.ZodMiniType<BookingCreatedPayload> = z.object({
  flowId: z.string(),
  at,
  bookingId: z.string(),
  payment: z.optional(z.object({ paymentId: z.string(), seq: z.number() })),
  amount: z.optional(moneySchema),
  holdExpiresAt: z.optional(z.number()),
});

export const flowErrorEventSchema: z.ZodMiniType<FlowEvent & { error: FlowError }> = z.object({
  flowId: z.string(),
  at,
  error: flowErrorSchema,
});

export const paymentSubmittedSchema = z.object({
  flowId: z.string(),
  at,
  paymentMethodId: z.string(),
});

export const confirmPreparedSchema = z.object({
  flowId: z.string(),
  at,
  returnPath: returnPathSchema,
});

export const outcomeUnknownSchema = z.object({ flowId: z.string(), at, reason: z.string() });

export const flowCrashedSchema = z.object({ flowId: z.string(), at, message: z.string() });

const SERVER_STATUSES: ReadonlySet<unknown> = new Set(SERVER_PAYMENT_STATUSES);

/**
 * One status update, checked without copying it: this runs for every socket event (thousands a
 * second), where a parsing schema would double the cost of the socket boundary's own parse.
 * The rare nested parts go through their schemas.
 */
function isStatusUpdate(value: unknown): value is PaymentStatusUpdate {
  if (typeof value !== 'object' || value === null) return false;
  const update = value as Record<string, unknown>;
  return (
    typeof update.paymentId === 'string' &&
    (update.bookingId === undefined || typeof update.bookingId === 'string') &&
    SERVER_STATUSES.has(update.status) &&
    Number.isFinite(update.seq) &&
    Number.isFinite(update.occurredAt) &&
    (update.nextAction === undefined || nextActionSchema.safeParse(update.nextAction).success) &&
    (update.failure === undefined || flowErrorSchema.safeParse(update.failure).success)
  );
}

export const statusesReceivedSchema = z.object({
  updates: z.array(z.custom<PaymentStatusUpdate>(isStatusUpdate)),
  at,
});

export const subscriptionsRefusedSchema = z.object({ bookingIds: z.array(z.string()), at });

export const flowsRetiredSchema = z.object({ flowIds: z.array(z.string()), at });

/** Copies of flows another tab drives, in the stored shape: nothing unsafe travels. */
export const flowsMirroredSchema = z.object({ flows: z.array(persistedFlowSchema), at });

/** RTK's: changes the draft in place, or returns a whole new state (a bulk change). */
type CaseReducer<P> = SliceCaseReducer<PaymentFlowsState, PayloadAction<P>>;

/** What can be said about a payload that failed its schema: the flow it names, if any. */
function namedIn(payload: unknown): { flowId: string; at: number } {
  const named = typeof payload === 'object' && payload !== null ? payload : {};
  const flowId = 'flowId' in named && typeof named.flowId === 'string' ? named.flowId : '';
  const when = 'at' in named && typeof named.at === 'number' ? named.at : 0;
  return { flowId, at: when };
}

/** A case reducer that runs only on a payload its schema accepts, and only on what it keeps. */
export function guarded<P>(schema: z.ZodMiniType<P>, reducer: CaseReducer<P>): CaseReducer<P> {
  return (state, action) => {
    const parsed = schema.safeParse(action.payload);
    if (parsed.success) {
      // What the schema kept, not what was dispatched: a host's wider object (a booking form
      // with the card fields still in it) must not carry its extra fields into the store.
      return reducer(state, { ...action, payload: parsed.data });
    }
    const { flowId, at: when } = namedIn(action.payload);
    const reason = describeIssues(parsed.error);
    recordWarning(
      state,
      flowId,
      `${action.type} with a malformed payload ignored: ${reason}`,
      when,
    );
  };
}
