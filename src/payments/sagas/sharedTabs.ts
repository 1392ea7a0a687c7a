import type { Action } from '@reduxjs/toolkit';
import { PURGE } from 'redux-persist';
import { eventChannel } from 'redux-saga';
import * as z from 'zod/mini';
import { call, flush, fork, put, select, take } from 'typed-redux-saga';
import { describeIssues } from '../apiSchemas.js';
import {
  flowEventSchema,
  paymentSubmittedSchema,
  secondFlowFoundSchema,
} from '../actionPayloads.js';
import { flowIdInPayload } from '../flowChanges.js';
import { flowByIdIn, flowsIn } from '../flowState.js';
import {
  cancelRequested,
  drivingLost,
  drivingTaken,
  flowsMirrored,
  paymentSubmitted,
  retryRequested,
  secondFlowFound,
} from '../paymentFlowsSlice.js';
import {
  persistedFlowSchema,
  toPersistedFlow,
  type PersistedFlow,
} from '../persistence/flowRecord.js';
import { selectFlowById } from '../selectors.js';
import { isTerminal } from '../statusMachine.js';
import type { TabLocks } from '../tabs/tabLocks.js';
import type { TabChannel } from '../tabs/tabChannel.js';
import type { PaymentFlow } from '../types.js';
import type { PassHandler } from './actionPass.js';
import { getDeps, type SharedTabs } from './deps.js';
import { retireFlow } from './flowSaga.js';
import type { SecondFlow } from './resumeSaga.js';
import { getRegistry, seenOf, type FlowRecord, type FlowRegistry } from './flowRegistry.js';

/*
 * Several tabs of one browser share the saved flows. Each flow has a lock (Web Locks, or a lease
 * in storage): the tab holding it drives the flow, and sends each change of it to the others;
 * they follow it, pass the user's commands for it on, and one of them takes the lock, and the
 * flow, when the driving tab closes.
 */

export const flowLockName = (flowId: string) => `payment-flows:flow:${flowId}`;

/**
 * The commands a follower passes on, the user's and its resume's cancel of a second flow: the
 * driving tab runs their side effects, once.
 */
const COMMAND_SCHEMAS: Record<string, z.ZodMiniType<{ flowId: string }>> = {
  [paymentSubmitted.type]: paymentSubmittedSchema,
  [retryRequested.type]: flowEventSchema,
  [cancelRequested.type]: flowEventSchema,
  [secondFlowFound.type]: secondFlowFoundSchema,
};

const tabMessageSchema = z.union([
  z.object({ kind: z.literal('flows'), flows: z.array(persistedFlowSchema) }),
  z.object({
    kind: z.literal('command'),
    action: z.object({ type: z.string(), payload: z.unknown() }),
  }),
  z.object({ kind: z.literal('hello') }),
]);

export type TabMessage = z.infer<typeof tabMessageSchema>;

/**
 * A flow this tab holds and another drives: no task, no timer, only its lock asked for (the
 * request waits while the driving tab lives). A followed flow that ended is let go after the
 * retention time, as the driving tab does with its own copy.
 */
export function* followFlow(registry: FlowRegistry, locks: TabLocks, flow: PaymentFlow) {
  const { flowId } = flow;
  if (isTerminal(flow)) {
    registry.letGo(flowId);
    yield* fork(retireFollowedFlow, registry, flowId, registry.open(flow));
    return;
  }
  registry.followed.set(flowId, seenOf(flow));
  if (registry.lockReleases.has(flowId)) return;
  const release = locks.request(flowLockName(flowId), {
    granted: () => {
      registry.lockEvents.put({ kind: 'taken', flowId, request: release });
    },
    lost: () => {
      registry.lockEvents.put({ kind: 'lost', flowId, request: release });
    },
  });
  registry.lockReleases.set(flowId, release);
}

function* retireFollowedFlow(registry: FlowRegistry, flowId: string, record: FlowRecord) {
  try {
    yield* call(retireFlow, flowId, record.inbox);
  } finally {
    registry.close(flowId);
  }
}

/**
 * The action pass's part in sharing: each change of a flow this tab drives goes to the other
 * tabs (in the stored shape: nothing unsafe travels), and a command for a flow it follows goes
 * to the tab that drives it. A copy taken in from another tab is never sent back.
 */
export function tabHandlers(registry: FlowRegistry, channel: TabChannel): PassHandler[] {
  const sendDrivenChanges: PassHandler = ({ action, touched, previous }) => {
    if (flowsMirrored.match(action)) return;
    const changed: PersistedFlow[] = [];
    for (const { flowId, flow } of touched) {
      if (!flow || !registry.driving.has(flowId)) continue;
      if (flow !== flowByIdIn(previous.paymentFlows, flowId)) changed.push(toPersistedFlow(flow));
    }
    if (changed.length > 0) channel.post({ kind: 'flows', flows: changed } satisfies TabMessage);
  };
  const passOnCommands: PassHandler = ({ action }) => {
    const flowId = flowIdInPayload(action);
    if (flowId === undefined || !Object.hasOwn(COMMAND_SCHEMAS, action.type)) return;
    if (!registry.followed.has(flowId)) return;
    passOnCommand(channel, action as Action & { payload: unknown });
  };
  // A purge (a logout) emptied the slice: this tab neither drives nor follows those flows any
  // more (another tab takes over the ones it drove), and never takes another tab's copy back in.
  const forgetPurged: PassHandler = ({ action, previous }) => {
    if (action.type !== PURGE) return;
    for (const flow of flowsIn(previous.paymentFlows.flows)) {
      registry.purged.add(flow.flowId);
      registry.letGo(flow.flowId);
    }
  };
  return [sendDrivenChanges, passOnCommands, forgetPurged];
}

function passOnCommand(channel: TabChannel, { type, payload }: Action & { payload: unknown }) {
  channel.post({ kind: 'command', action: { type, payload } } satisfies TabMessage);
}

/**
 * The resume cancels a second flow for a booking draft before this tab follows it (at a page
 * load, before the action pass even runs): the cancel of each such flow of `resumed` that another
 * tab drives is passed on to that tab here. A flow this tab already followed was passed on by
 * the pass.
 */
export function passOnResumedCancels(
  registry: FlowRegistry,
  channel: TabChannel,
  resumed: readonly PaymentFlow[],
  secondFlows: readonly SecondFlow[],
  at: number,
): void {
  if (secondFlows.length === 0) return;
  const started = new Set(resumed.map((flow) => flow.flowId));
  for (const { flowId, draftFlowId } of secondFlows) {
    if (started.has(flowId) && registry.followed.has(flowId)) {
      passOnCommand(channel, secondFlowFound({ flowId, draftFlowId, at }));
    }
  }
}

/** The other tabs' messages, each checked at the boundary: another tab is another program. */
function tabMessages(channel: TabChannel) {
  return eventChannel<{ message: unknown }>((emit) =>
    channel.subscribe((message) => {
      emit({ message });
    }),
  );
}

function* takeTabMessage(tabs: SharedTabs) {
  const { logger, now } = yield* getDeps();
  const registry = yield* getRegistry();
  const messages = yield* call(tabMessages, tabs.coordination.channel);
  try {
    for (;;) {
      const { message } = yield* take(messages);
      const parsed = tabMessageSchema.safeParse(message);
      if (!parsed.success) {
        logger.warn('dropped a message from another tab', { reason: describeIssues(parsed.error) });
        continue;
      }
      const data = parsed.data;
      if (data.kind === 'flows') {
        // The driving tab is alive and has run what it was sent before this.
        const flows = data.flows.filter((flow) => !registry.purged.has(flow.flowId));
        for (const flow of flows) registry.heldCommands.delete(flow.flowId);
        if (flows.length > 0) yield* put(flowsMirrored({ flows, at: now() }));
      } else if (data.kind === 'hello') {
        yield* call(sendDrivenFlows, tabs, registry);
      } else {
        yield* call(runCommand, registry, data.action);
      }
    }
  } finally {
    messages.close();
  }
}

/** A command another tab passed on: run once, here, if this tab drives its flow. */
function* runCommand(registry: FlowRegistry, action: { type: string; payload: unknown }) {
  const { logger, now } = yield* getDeps();
  const schema = Object.hasOwn(COMMAND_SCHEMAS, action.type)
    ? COMMAND_SCHEMAS[action.type]
    : undefined;
  const payload = schema?.safeParse(action.payload);
  if (!payload?.success) {
    const reason = payload ? describeIssues(payload.error) : `${action.type} is not a command`;
    logger.warn('dropped a command from another tab', { reason });
    return;
  }
  const command = { type: action.type, payload: payload.data };
  const { flowId } = payload.data;
  // This tab is taking the flow over: the command is run once it drives it.
  const waiting = registry.takingOver.get(flowId);
  if (waiting) waiting.push(command);
  else if (registry.driving.has(flowId)) yield* put(command);
  else if (registry.followed.has(flowId)) {
    // Followed here: the tab it was meant for may have died with the message on its way, and
    // this tab may be next in line for the lock. Kept until that is known.
    const held = registry.heldCommands.get(flowId) ?? [];
    held.push({ command, at: now() });
    registry.heldCommands.set(flowId, held);
  }
}

/** How long a command held for a followed flow may wait for this tab to be granted its lock. */
const HELD_COMMAND_MS = 10_000;

/** A tab just opened asks: every flow this tab drives is sent as it stands. */
function* sendDrivenFlows(tabs: SharedTabs, registry: FlowRegistry) {
  const flows: PersistedFlow[] = [];
  for (const flowId of registry.driving) {
    const flow = yield* select(selectFlowById, flowId);
    if (flow) flows.push(toPersistedFlow(flow));
  }
  if (flows.length > 0)
    tabs.coordination.channel.post({ kind: 'flows', flows } satisfies TabMessage);
}

/**
 * Tells the store which flows this tab now drives (or lost). A flow that was driven elsewhere is
 * first brought up to date from storage: the tab that left may have saved more than it sent.
 */
function* reportLockEvents(tabs: SharedTabs) {
  const { now } = yield* getDeps();
  const registry = yield* getRegistry();
  for (;;) {
    const taken = [yield* take(registry.lockEvents), ...(yield* flush(registry.lockEvents))];
    // An answer to a request given up since (the flow ended, a restart asked again) is stale.
    const events = taken.filter(
      ({ flowId, request }) => registry.lockReleases.get(flowId) === request,
    );
    const takenOver = events.filter(
      (event) => event.kind === 'taken' && !registry.startedHere.has(event.flowId),
    );
    for (const { flowId } of takenOver) {
      // Commands sent to the tab that left, which it may never have run: the status machine
      // runs the first and refuses a repeat.
      const held = (registry.heldCommands.get(flowId) ?? []).filter(
        ({ at }) => now() - at <= HELD_COMMAND_MS,
      );
      registry.heldCommands.delete(flowId);
      registry.takingOver.set(
        flowId,
        held.map(({ command }) => command),
      );
    }
    if (takenOver.length > 0) {
      const ids = new Set(takenOver.map((event) => event.flowId));
      const saved = (yield* call(tabs.readSavedFlows)).filter((flow) => ids.has(flow.flowId));
      if (saved.length > 0) yield* put(flowsMirrored({ flows: saved, at: now() }));
    }
    for (const { kind, flowId } of events) {
      const event = { flowId, at: now() };
      yield* put(kind === 'taken' ? drivingTaken(event) : drivingLost(event));
      const waiting = registry.takingOver.get(flowId) ?? [];
      registry.takingOver.delete(flowId);
      // Commands other tabs sent meanwhile: the status machine runs the first, refuses repeats.
      for (const command of waiting) yield* put(command);
    }
  }
}

/** Mounted by the root saga when the store shares its flows with other tabs. */
export function* shareFlowsWithTabs(tabs: SharedTabs) {
  yield* fork(reportLockEvents, tabs);
  yield* fork(takeTabMessage, tabs);
  tabs.coordination.channel.post({ kind: 'hello' } satisfies TabMessage);
}
