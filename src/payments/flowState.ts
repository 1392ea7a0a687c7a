import type { EntityState } from '@reduxjs/toolkit';
import type { BookingDraft, PaymentFlow } from './types.js';

export interface FlowWarning {
  flowId: string;
  message: string;
  at: number;
}

/** Counters a developer reads in DevTools to see what the store refused, and why. */
export interface FlowDiagnostics {
  /** Server updates whose seq was not above the flow's: duplicates or out of order. */
  staleUpdatesIgnored: number;
  /** Server updates for a payment no flow is linked to. */
  unknownUpdatesIgnored: number;
  /** flowStarted for a draft that already has an active flow (a double click). */
  duplicateStartsIgnored: number;
  illegalTransitions: number;
  /** The most recent refusals, newest last. */
  warnings: FlowWarning[];
}

export interface PaymentFlowsState extends EntityState<PaymentFlow, string> {
  flowIdByBookingId: Record<string, string>;
  flowIdByPaymentId: Record<string, string>;
  /** Active flows only: one active flow per booking draft is how a double click is absorbed. */
  flowIdByDraftKey: Record<string, string>;
  diagnostics: FlowDiagnostics;
}

export function draftKey(draft: BookingDraft): string {
  return [draft.resourceId, draft.start, draft.durationMinutes, draft.bookingType].join('|');
}

/**
 * A record's own entry for a key that came from outside (a URL, storage, the server): `__proto__`
 * or `constructor` must find nothing, not Object.prototype.
 */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function flowByIdIn(state: PaymentFlowsState, flowId: string): PaymentFlow | undefined {
  return ownEntry(state.entities, flowId);
}
