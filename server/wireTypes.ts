/** JSON shapes of the demo server's wire protocol; docs/PROTOCOL.md is the prose version. */

/** An amount in integer minor units (cents). */
export interface Money {
  value: number;
  currency: 'EUR';
}

export type BookingType = 'FIRM' | 'TENTATIVE';

export type BookingStatus = 'held' | 'confirmed' | 'cancelled' | 'expired';

export type PaymentStatus =
  | 'awaitingPayment'
  | 'requiresAction'
  | 'processing'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'expired';

export interface NextAction {
  type: 'redirectToUrl';
  url: string;
}

export interface PaymentFailure {
  code: string;
  message: string;
  retriable: boolean;
}

/** The state of one payment; `seq` grows by one on every status change. */
export interface PaymentSnapshot {
  paymentId: string;
  bookingId: string;
  status: PaymentStatus;
  seq: number;
  occurredAt: number;
  amount: Money;
  nextAction?: NextAction;
  failure?: PaymentFailure;
}

/** Body of the 201 answer to POST /api/bookings. */
export interface BookingCreated {
  bookingId: string;
  status: BookingStatus;
  holdExpiresAt: number | null;
  amount: Money | null;
  payment: Pick<PaymentSnapshot, 'paymentId' | 'status' | 'seq'> | null;
}

export interface ErrorBody {
  error: { code: string; message: string };
}

/** Counters a test reads to prove that retries never duplicate work. */
export interface DemoStats {
  /** Bookings actually created (idempotent replays excluded). */
  bookingsCreated: number;
  /** Confirmations that reached the simulated processor (replays and rejections excluded). */
  paymentsConfirmed: number;
  /** Every POST .../confirm request received, whatever its outcome. */
  confirmRequests: number;
}

/** Payload of the socket messages `flows:subscribe` and `flows:unsubscribe`. */
export interface SubscribeRequest {
  bookingIds: string[];
}

/**
 * Why a booking was left out of a subscription: `not_found`, for an unknown booking and for
 * another owner's alike (the server never tells them apart).
 */
export type SubscribeRejectionCode = 'not_found';

/** Acknowledgement of `flows:subscribe`. */
export interface SubscribeAck {
  /** The current payment of every accepted booking that has one. */
  snapshots: PaymentSnapshot[];
  rejected: { bookingId: string; code: SubscribeRejectionCode }[];
}

/** Acknowledgement of `flows:unsubscribe`. */
export interface UnsubscribeAck {
  ok: true;
}

/** Counters of the real-time side, for tests and benches. */
export interface RealtimeStats {
  /** Sockets connected right now. */
  connections: number;
  /** `flows:subscribe` messages received, valid or not. */
  subscribeMessages: number;
  /** `flows:unsubscribe` messages received, valid or not. */
  unsubscribeMessages: number;
  /** `payment:status` deliveries: one per subscribed socket per emit, fault duplicates included. */
  statusEventsSent: number;
  /** Booking ids a socket subscribed to while it already followed them (its room). */
  repeatSubscriptions: number;
}
