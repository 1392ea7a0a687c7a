import type { Action } from '@reduxjs/toolkit';
import { buffers, channel, multicastChannel, type MulticastChannel, type Task } from 'redux-saga';
import { take as takeEffect } from 'redux-saga/effects';
import { getContext, take } from 'typed-redux-saga';
import type { ConnectionStatus } from '../socket/connectionSlice.js';
import { isTerminal } from '../statusMachine.js';
import type { PaymentFlow } from '../types.js';
import { createHoldWheel } from './holdWheel.js';

export const REGISTRY_KEY = 'paymentFlowsRegistry';

/** Bookings to look at again, or `all` when the whole set may have changed (a reload). */
export type SubscriptionCheck = readonly string[] | 'all';

/** What a flow's task hears about its flow: the action that touched it, and the flow after it. */
export interface FlowNotice {
  action: Action;
  /** Undefined once the flow has left the store. */
  flow: PaymentFlow | undefined;
}

/** Multicast: the driver, the hold timer and the cancel watch of one flow all hear every notice. */
export type FlowInbox = MulticastChannel<FlowNotice>;

/** What the sagas last saw of a flow: a task is woken only when one of these moved. */
export interface FlowSeen extends Pick<PaymentFlow, 'status' | 'holdExpiresAt'> {
  /**
   * Whether it was over. A failed flow becomes final without a new status when the server makes
   * its failure final (not retriable): it must then be released and retired at once.
   */
  final: boolean;
}

export const seenOf = (flow: PaymentFlow): FlowSeen => ({
  status: flow.status,
  holdExpiresAt: flow.holdExpiresAt,
  final: isTerminal(flow),
});

/** The one record of a running flow, created when its task starts and removed when it ends. */
export interface FlowRecord {
  inbox: FlowInbox;
  /** The flow as its task last heard of it: a notice is sent only when what it waits on moved. */
  seen: FlowSeen;
  /** Its task, once forked: cancelled if this tab stops driving the flow. */
  task?: Task;
}

/** What a flow's lock did, from the lock's callbacks to the saga that tells the store. */
export interface LockEvent {
  kind: 'taken' | 'lost';
  flowId: string;
  /** The request it answers: one given up since (a restart asked again) is stale. */
  request: () => void;
}

/**
 * Everything the sagas keep per flow, in one place, fed by the supervisor's one pass per action.
 * Nothing else takes actions on behalf of a flow, so no wait costs O(flows) per action.
 */
export function createFlowRegistry() {
  const records = new Map<string, FlowRecord>();
  const parked = new Map<string, FlowSeen>();
  const holds = createHoldWheel();
  const holdsChanged = channel<true>(buffers.sliding(1));
  const rechecks = createHoldWheel();
  const recheckAt = new Map<string, number>();
  const rechecksChanged = channel<true>(buffers.sliding(1));
  const driving = new Set<string>();
  const followed = new Map<string, FlowSeen>();
  const lockReleases = new Map<string, () => void>();
  const startedHere = new Set<string>();
  const heldCommands = new Map<string, { command: Action; at: number }[]>();
  const settlingBeside = new Map<string, string>();
  function park(flow: PaymentFlow, withHold = true): void {
    const seen = seenOf(flow);
    parked.set(flow.flowId, seen);
    if (seen.holdExpiresAt === undefined || !withHold) return;
    const earliest = holds.nextAt();
    const added = holds.add({ flowId: flow.flowId, at: seen.holdExpiresAt });
    if (added && (earliest === undefined || seen.holdExpiresAt < earliest)) holdsChanged.put(true);
  }
  return {
    records,
    /**
     * Flows that wait only for the user, the server or their hold: they hold no task (no saga,
     * no timer of their own) until an action changes them or their hold falls due.
     */
    parked,
    /** The hold deadlines of parked flows, behind one timer (`expireParkedHolds`). */
    holds,
    /** Sliding(1): the hold timer only needs to know that it should look again. */
    holdsChanged,
    /**
     * When each parked flow that waits for its payment's events (`parkUntilAsked`) is asked
     * about if none came, behind one timer (`recheckParkedPayments`); `recheckAt` holds the
     * current deadline of each, so a stale one in the wheel is skipped.
     */
    rechecks,
    recheckAt,
    rechecksChanged,
    /** Flows woken by their re-check: their task asks the server at once, then as before. */
    askNow: new Set<string>(),
    /** Parked flows an action has just changed, for the supervisor to give a task again. */
    wakeUps: [] as string[],
    /**
     * A parked flow given a task again. Its deadline stays in the wheel until due (then it is
     * skipped); once stale deadlines outnumber live ones, they are dropped in one pass, so the
     * wheel never holds more than about twice the parked flows.
     */
    unpark(flowId: string): void {
      recheckAt.delete(flowId);
      if (!parked.delete(flowId)) return;
      if (holds.size > 2 * parked.size + 64) {
        holds.retain(({ flowId: id, at }) => parked.get(id)?.holdExpiresAt === at);
      }
      if (rechecks.size > 2 * recheckAt.size + 64) {
        rechecks.retain(({ flowId: id, at }) => recheckAt.get(id) === at);
      }
    },
    park,
    /**
     * `park`, for a flow that waits only for its payment's events: if none has come by `at`,
     * its re-check gives it a task that asks the server (an event lost on the way).
     */
    parkUntilAsked(flow: PaymentFlow, at: number, now: number): void {
      // A hold already past is not armed again: for a payment under way its expiry only has it
      // reconcile (ask the server), which it did or its re-check will. Armed, it would fire at
      // once on every park: reconciling, the server says processing, parked, expired again, one
      // GET after another for as long as the payment processes.
      park(flow, flow.holdExpiresAt === undefined || flow.holdExpiresAt > now);
      recheckAt.set(flow.flowId, at);
      const earliest = rechecks.nextAt();
      const added = rechecks.add({ flowId: flow.flowId, at });
      if (added && (earliest === undefined || at < earliest)) rechecksChanged.put(true);
    },
    open(flow: PaymentFlow): FlowRecord {
      const record: FlowRecord = {
        inbox: multicastChannel<FlowNotice>(),
        seen: seenOf(flow),
      };
      records.set(flow.flowId, record);
      return record;
    },
    close(flowId: string): void {
      records.delete(flowId);
    },
    /** Each change of the socket's status, for the flows that poll while it is down. */
    connection: multicastChannel<ConnectionStatus>(),
    /** Bookings whose subscription the sync must look at again, as actions touch them. */
    subscriptionChecks: channel<SubscriptionCheck>(buffers.expanding(64)),
    /**
     * Bookings the server refused to send events for on the current connection (rejected, an
     * error answer, no answer): their flows poll over REST as if the socket were down.
     */
    refusedBookings: new Set<string>(),
    /** Flows this tab purged (redux-persist's PURGE, a logout): other tabs' copies are ignored. */
    purged: new Set<string>(),
    /** Whether a subscription sync runs (a socket exists): without one, no check is queued. */
    syncingSubscriptions: false,
    /** Finished flows due to leave the store, retired together by `retireInBatches`. */
    retirements: channel<string>(buffers.expanding(64)),
    /**
     * With other tabs (deps.tabs): the flows whose lock this tab holds, so it runs their side
     * effects. A flow held here and driven elsewhere is `followed`: no task, no timer; a
     * command for it is passed on to the tab that drives it.
     */
    driving,
    followed,
    /** Gives up each flow's lock, held or asked for. */
    lockReleases,
    /** Flows started in this tab: no other tab can have driven them, so nothing to catch up. */
    startedHere,
    lockEvents: channel<LockEvent>(buffers.expanding(16)),
    /** Flows whose lock was just granted, with the commands other tabs sent until it drives them. */
    takingOver: new Map<string, Action[]>(),
    /**
     * Commands another tab passed on for a flow this tab follows, received while no tab was
     * known to drive it here (the driving tab may have just died, its message still in flight):
     * run if this tab is granted the lock soon after, forgotten once the driving tab sends the
     * flow again (it ran them) or when they are too old.
     */
    heldCommands,
    /**
     * Second flows for a booking draft that the resume left to settle (their payment may be
     * moving), each with the draft's flow it found them beside. Should that flow end first, the
     * draft index, which holds active flows only, no longer names it: this is how the flow is
     * still known for a second flow, and cancelled as one, when it stops without succeeding.
     * Not in the state: it holds a few flows at most, and a reload finds them again (or, the
     * draft's flow gone from storage, finds each the only flow for its draft).
     */
    settlingBeside,
    /** Whether the sagas already look after the flow here: running, parked, driven or followed. */
    knows(flowId: string): boolean {
      return (
        records.has(flowId) || parked.has(flowId) || driving.has(flowId) || followed.has(flowId)
      );
    },
    /** Stops driving or following a flow: its lock, held or asked for, is given up. */
    letGo(flowId: string): void {
      lockReleases.get(flowId)?.();
      lockReleases.delete(flowId);
      driving.delete(flowId);
      followed.delete(flowId);
      startedHere.delete(flowId);
      heldCommands.delete(flowId);
      settlingBeside.delete(flowId);
    },
  };
}

export type FlowRegistry = ReturnType<typeof createFlowRegistry>;

export function* getRegistry() {
  return yield* getContext<FlowRegistry>(REGISTRY_KEY);
}

/** The next notice on the flow's inbox (a multicast channel is taken with a pattern). */
export function* takeNotice(inbox: FlowInbox) {
  return yield* take(inbox, '*');
}

/** Waits on the flow's own inbox for the first notice that satisfies `until`. */
export function* waitForNotice(inbox: FlowInbox, until: (notice: FlowNotice) => boolean) {
  for (;;) {
    const notice = yield* takeNotice(inbox);
    if (until(notice)) return notice;
  }
}

/**
 * The first message on a multicast channel (a flow's inbox, the socket's status) that satisfies
 * `until`, as an effect for a `race`: the channel's own matcher checks each message, so waiting
 * takes no task. (typed-redux-saga's effects are generators, and redux-saga runs a generator in
 * a race as a task of its own: a race entry is a raw effect.)
 */
export function firstWhere<T extends object | string>(
  channel: MulticastChannel<T>,
  until: (message: T) => boolean,
) {
  return takeEffect(channel, until);
}

/** A notice that the flow left `status` (or the store). */
export const statusLeft =
  (status: PaymentFlow['status']) =>
  (notice: FlowNotice): boolean =>
    notice.flow?.status !== status;
