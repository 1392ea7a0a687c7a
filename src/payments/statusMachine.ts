/**
 * The payment flow status machine: one table of legal transitions, modelled on Stripe's
 * PaymentIntent lifecycle. Pure: no Redux, no I/O, so reducers, sagas and tests share it.
 */

export const FLOW_STATUSES = [
  'draft',
  'creatingBooking',
  'awaitingPayment',
  'confirmingPayment',
  'requiresAction',
  'processing',
  'succeeded',
  'failed',
  'cancelled',
  'expired',
  'reconciling',
] as const;

export type FlowStatus = (typeof FLOW_STATUSES)[number];

/** The statuses a server reports for a payment: the client-only ones are never among them. */
export const SERVER_PAYMENT_STATUSES = [
  'awaitingPayment',
  'requiresAction',
  'processing',
  'succeeded',
  'failed',
  'cancelled',
  'expired',
] as const satisfies readonly FlowStatus[];

export type ServerPaymentStatus = (typeof SERVER_PAYMENT_STATUSES)[number];

/** How many payment attempts a flow may make before a failure becomes final. */
export const MAX_PAYMENT_ATTEMPTS = 3;

const TRANSITIONS: Readonly<Record<FlowStatus, readonly FlowStatus[]>> = {
  draft: ['creatingBooking', 'failed', 'cancelled'],
  creatingBooking: ['awaitingPayment', 'succeeded', 'failed', 'cancelled', 'reconciling'],
  // The server is authoritative: it may report progress made elsewhere (another tab, a resync).
  awaitingPayment: [
    'confirmingPayment',
    'requiresAction',
    'processing',
    'succeeded',
    'failed',
    'cancelled',
    'expired',
  ],
  confirmingPayment: ['requiresAction', 'processing', 'succeeded', 'failed', 'reconciling'],
  requiresAction: ['processing', 'succeeded', 'failed', 'cancelled', 'expired', 'reconciling'],
  processing: ['succeeded', 'failed', 'reconciling'],
  failed: ['creatingBooking', 'awaitingPayment', 'processing', 'succeeded', 'cancelled', 'expired'],
  reconciling: [
    'awaitingPayment',
    'requiresAction',
    'processing',
    'succeeded',
    'failed',
    'cancelled',
    'expired',
  ],
  succeeded: [],
  cancelled: [],
  expired: [],
};

/** The fields of a flow that decide whether it may move. */
export interface TransitionSubject {
  status: FlowStatus;
  attempt: number;
  error?: { retriable: boolean } | undefined;
}

export type TransitionCheck = { ok: true } | { ok: false; reason: string };

const FINAL_STATUSES: ReadonlySet<FlowStatus> = new Set(['succeeded', 'cancelled', 'expired']);

export function canRetry(flow: TransitionSubject): boolean {
  return (
    flow.status === 'failed' &&
    flow.error?.retriable !== false &&
    flow.attempt < MAX_PAYMENT_ATTEMPTS
  );
}

/** A terminal flow never moves again: succeeded, cancelled, expired, or failed for good. */
export function isTerminal(flow: TransitionSubject): boolean {
  return FINAL_STATUSES.has(flow.status) || (flow.status === 'failed' && !canRetry(flow));
}

export function checkTransition(flow: TransitionSubject, to: FlowStatus): TransitionCheck {
  if (isTerminal(flow)) return { ok: false, reason: `${flow.status} is terminal` };
  if (!TRANSITIONS[flow.status].includes(to)) {
    return { ok: false, reason: `${flow.status} -> ${to} is not a legal transition` };
  }
  return { ok: true };
}

export function legalTargets(status: FlowStatus): readonly FlowStatus[] {
  return TRANSITIONS[status];
}

/** Where a flow goes when its booking hold runs out: a payment under way is never expired. */
export function statusOnHoldExpiry(status: FlowStatus): FlowStatus | undefined {
  switch (status) {
    case 'awaitingPayment':
    case 'failed':
      return 'expired';
    case 'confirmingPayment':
    case 'requiresAction':
    case 'processing':
      return 'reconciling';
    default:
      return undefined;
  }
}

/** Statuses in which the client waits on the payment processor, not on the user. */
export const CRITICAL_STATUSES: ReadonlySet<FlowStatus> = new Set([
  'confirmingPayment',
  'requiresAction',
  'processing',
]);

/** A payment being confirmed or processed cannot be cancelled: its outcome is the server's. */
export function isCancellable(status: FlowStatus): boolean {
  return TRANSITIONS[status].includes('cancelled');
}
