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
  'cancelling',
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
  draft: ['creatingBooking', 'failed', 'cancelling'],
  creatingBooking: ['awaitingPayment', 'succeeded', 'failed', 'cancelling', 'reconciling'],
  // The server is authoritative: it may report progress made elsewhere (another tab, a resync).
  awaitingPayment: [
    'confirmingPayment',
    'requiresAction',
    'processing',
    'succeeded',
    'failed',
    'cancelled',
    'cancelling',
    'expired',
  ],
  confirmingPayment: ['requiresAction', 'processing', 'succeeded', 'failed', 'reconciling'],
  requiresAction: [
    'processing',
    'succeeded',
    'failed',
    'cancelled',
    'cancelling',
    'expired',
    'reconciling',
  ],
  processing: ['succeeded', 'failed', 'reconciling'],
  failed: [
    'creatingBooking',
    'awaitingPayment',
    'processing',
    'succeeded',
    'cancelled',
    'cancelling',
    'expired',
  ],
  reconciling: [
    'awaitingPayment',
    'requiresAction',
    'processing',
    'succeeded',
    'failed',
    'cancelled',
    'cancelling',
    'expired',
  ],
  // Only the server ends a cancel: it released the booking, found it expired, or the payment
  // was already under way (or gone).
  cancelling: ['cancelled', 'expired', 'processing', 'succeeded', 'failed', 'reconciling'],
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

/** A flow as the rules below see it: its status, attempts, error and server links. */
export interface FlowSubject extends TransitionSubject {
  bookingId?: string | undefined;
  paymentId?: string | undefined;
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
export function statusOnHoldExpiry(flow: TransitionSubject): FlowStatus | undefined {
  if (isTerminal(flow)) return undefined;
  switch (flow.status) {
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

/** Statuses in which the user can still lose the slot to the hold: the countdown is shown. */
const USER_FACING_HOLD: ReadonlySet<FlowStatus> = new Set([
  'awaitingPayment',
  'confirmingPayment',
  'requiresAction',
  'failed',
]);

/** A payment being confirmed or processed cannot be cancelled: its outcome is the server's. */
export function isCancellable(status: FlowStatus): boolean {
  return TRANSITIONS[status].includes('cancelling');
}

/** Whether the user may cancel this flow now. */
export function canCancel(flow: TransitionSubject): boolean {
  return !isTerminal(flow) && isCancellable(flow.status);
}

/**
 * Where a flow found beside its booking draft's flow goes (two tabs each confirmed the draft, and
 * a restore kept both): its booking is released, as a cancel would. One whose payment may be
 * moving cannot be cancelled: it is left to settle, and is cancelled once its status allows
 * (`secondFlowsStoppedSettling`); one that succeeded is a booking of its own. The same holds if
 * the draft's flow ended first, however it ended. Succeeded, the user has the booking. Cancelled,
 * failed or expired, the user was told so on that flow, which stays shown: made the draft's flow
 * instead, the second would wait unseen, holding its booking (after a cancel, one the user
 * declined), and a new Confirm of the draft would land in it, asking to pay for an attempt the
 * user never saw here.
 */
export function onSecondFlowFound(flow: TransitionSubject): FlowStatus | undefined {
  return canCancel(flow) ? 'cancelling' : undefined;
}

/** Whether the user may pay now: a held booking, and an attempt left under the cap. */
export function canSubmit(flow: TransitionSubject): boolean {
  return flow.status === 'awaitingPayment' && flow.attempt < MAX_PAYMENT_ATTEMPTS;
}

/** Only a new flow asks for its booking; a retry goes through `retryTarget`. */
export function canRequestBooking(flow: TransitionSubject): boolean {
  return flow.status === 'draft';
}

/** A booking answer belongs to the request under way: a late or repeated one changes nothing. */
export function awaitsBooking(flow: TransitionSubject): boolean {
  return flow.status === 'creatingBooking';
}

/**
 * The one client-side payment failure, a 3-D Secure page the client refuses to open, belongs to
 * the 3-D Secure step: anywhere else (money moving, a confirm in flight) only the server fails
 * a payment, and a late or replayed `paymentFailed` changes nothing.
 */
export function awaitsRedirect(flow: TransitionSubject): boolean {
  return flow.status === 'requiresAction';
}

/**
 * The server still waited for a confirm the client had sent (its answer was lost, so the flow
 * asked): the confirm never reached it and nothing was charged. The person must be told, or Pay
 * simply comes back as if it had never been pressed.
 */
export function confirmNeverArrived(
  flow: FlowSubject & { history: readonly { to: FlowStatus; from: FlowStatus }[] },
): boolean {
  if (flow.status !== 'awaitingPayment') return false;
  const [entered, left] = flow.history.slice(-2);
  return (
    left?.from === 'reconciling' &&
    entered?.to === 'reconciling' &&
    CRITICAL_STATUSES.has(entered.from)
  );
}

/**
 * A cancel asks the server before it releases when a payment may already be under way: the
 * flow was reconciling, so the client does not know.
 */
export function cancelAsksFirst(
  flow: FlowSubject & { history: readonly { to: FlowStatus; from: FlowStatus }[] },
): boolean {
  return flow.paymentId !== undefined && flow.history.at(-1)?.from === 'reconciling';
}

/** Where a retry takes a failed flow: pay again for its booking, or ask for the booking again. */
export function retryTarget(flow: FlowSubject): FlowStatus | undefined {
  if (!canRetry(flow)) return undefined;
  return flow.bookingId === undefined ? 'creatingBooking' : 'awaitingPayment';
}

/**
 * Where an unexpected error inside the flow's saga takes it. A payment that may have gone through
 * is never marked failed: it goes to (or stays in) reconciling, which the server settles.
 */
export function onCrash(flow: TransitionSubject): FlowStatus | undefined {
  // A cancel stays a cancel until the server answers it: the driver retries it.
  if (isTerminal(flow) || flow.status === 'reconciling' || flow.status === 'cancelling') {
    return undefined;
  }
  return CRITICAL_STATUSES.has(flow.status) ? 'reconciling' : 'failed';
}

/**
 * Where a flow restored after the server's idempotency window goes: its requests are never
 * re-sent. With a payment that may be under way, the server settles it; otherwise it fails.
 */
export function onTooOld(flow: FlowSubject): FlowStatus | undefined {
  if (isTerminal(flow) || flow.status === 'reconciling') return undefined;
  // Releasing a known booking is safe at any age; finding one by replaying its key is not.
  if (flow.status === 'cancelling' && flow.bookingId !== undefined) return undefined;
  return CRITICAL_STATUSES.has(flow.status) ? 'reconciling' : 'failed';
}

/**
 * The status a server report moves the flow to. The server may offer another payment attempt
 * (`awaitingPayment`) that the attempt cap no longer allows: the flow then fails for good
 * instead of waiting for a payment the user can no longer make. `repeatsRetriableFailure`: the
 * report is the retriable failure the flow already had (its own seq).
 */
export function statusFromServer(
  flow: TransitionSubject,
  reported: FlowStatus,
  repeatsRetriableFailure = false,
): FlowStatus {
  // While a cancel is under way, a payment waiting for the user or one that failed (no money
  // moved) changes nothing: the cancel goes on, releases the booking and ends `cancelled`. Money
  // moving, or an end, is taken at once.
  if (
    flow.status === 'cancelling' &&
    (reported === 'failed' || !legalTargets('cancelling').includes(reported))
  ) {
    return 'cancelling';
  }
  // Reconciling after a retry's confirm, the server still reports the earlier attempt's
  // decline: that confirm never reached it, and the server waits for a payment as before. Shown
  // as failed, the old decline would read as this card's (see `confirmNeverArrived`).
  const waitsAgain =
    reported === 'awaitingPayment' ||
    (flow.status === 'reconciling' && reported === 'failed' && repeatsRetriableFailure);
  if (!waitsAgain) return reported;
  return flow.attempt >= MAX_PAYMENT_ATTEMPTS ? 'failed' : 'awaitingPayment';
}

/**
 * Where a flow goes when the server will not send its payment's events (it refused the
 * subscription): a payment under way is then settled by asking, so it goes to reconciling.
 */
export function onStatusFeedLost(flow: TransitionSubject): FlowStatus | undefined {
  return !isTerminal(flow) && CRITICAL_STATUSES.has(flow.status) ? 'reconciling' : undefined;
}

/** A flow that ended without a payment frees its booking's hold, so the slot is bookable. */
export function releasesOnEnd(flow: TransitionSubject): boolean {
  return isTerminal(flow) && (flow.status === 'expired' || flow.status === 'failed');
}

/** Whether the hold countdown matters to the user now. */
export function holdCanExpire(flow: TransitionSubject): boolean {
  return !isTerminal(flow) && USER_FACING_HOLD.has(flow.status);
}

/**
 * A payment the processor is working on: with the socket up and the booking subscribed, the
 * client has nothing to do but hear its next status (and ask now and then, in case an event was
 * lost on the way).
 */
export function waitsForServer(flow: Pick<TransitionSubject, 'status'>): boolean {
  return flow.status === 'processing';
}

/**
 * A flow the client has nothing to do for: it waits for the user (to pay, retry or cancel), the
 * server (a status) or its hold deadline. It needs no task of its own until one of them acts.
 */
export function waitsForOthers(flow: TransitionSubject): boolean {
  return flow.status === 'awaitingPayment' || (flow.status === 'failed' && !isTerminal(flow));
}
