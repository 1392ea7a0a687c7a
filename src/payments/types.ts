import type { FlowStatus, ServerPaymentStatus } from './statusMachine.js';

export type BookingType = 'FIRM' | 'TENTATIVE';

/** What the user asked to book. Never personal or card data. */
export interface BookingDraft {
  resourceId: string;
  /** Epoch ms. */
  start: number;
  durationMinutes: number;
  bookingType: BookingType;
}

export interface Money {
  /** Minor units (cents). */
  value: number;
  currency: string;
}

export interface FlowError {
  code: string;
  message: string;
  retriable: boolean;
}

export interface NextAction {
  type: 'redirectToUrl';
  url: string;
}

/** One status change of a flow, as its timeline shows it. */
export interface FlowTransition {
  from: FlowStatus;
  to: FlowStatus;
  /** The action type that caused it, or `server` for a status the server sent. */
  cause: string;
  /** Epoch ms on this client's clock. */
  at: number;
  /**
   * The flow's server seq and attempt after the transition. Absent on transitions saved before
   * they were recorded (stored version 2 and older): those are restored as they were stored.
   */
  serverSeq?: number;
  attempt?: number;
}

/** One payment flow, keyed by a flowId made when the user confirms and never replaced. */
export interface PaymentFlow {
  flowId: string;
  bookingId?: string;
  paymentId?: string;
  status: FlowStatus;
  booking: BookingDraft;
  amount?: Money;
  /** Epoch ms on this client's clock: the server's hold deadline, converted when it arrives. */
  holdExpiresAt?: number;
  /** Payment attempts made so far; part of the confirm idempotency key. */
  attempt: number;
  /** The saved payment method of the current attempt (an id such as `pm_card_visa`). */
  paymentMethodId?: string;
  /**
   * Where 3-D Secure returns to, fixed (and stored) for the current attempt before its confirm
   * is sent: a confirm re-sent after a reload on another page is the same request.
   */
  returnPath?: string;
  /** Last applied server sequence number; updates at or below it are ignored. */
  serverSeq: number;
  error?: FlowError;
  nextAction?: NextAction;
  createdAt: number;
  updatedAt: number;
  history: FlowTransition[];
}

/** An authoritative status of one payment, from a REST response, a poll or a socket event. */
export interface PaymentStatusUpdate {
  paymentId: string;
  bookingId?: string;
  status: ServerPaymentStatus;
  seq: number;
  occurredAt: number;
  nextAction?: NextAction;
  failure?: FlowError;
}
