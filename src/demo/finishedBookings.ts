import { useEffect, useSyncExternalStore } from 'react';
import type { FlowStatus, Money, PaymentFlowEntity } from '../index.js';

/**
 * The store keeps a finished flow for 10 minutes and saves only flows in progress, so a paid
 * booking would vanish from "Your bookings" after a reload. The demo remembers this tab's
 * finished bookings itself, in sessionStorage (what was booked and its outcome; no ids of
 * payments, no card or token).
 */
export interface FinishedBooking {
  flowId: string;
  resourceId: string;
  start: number;
  durationMinutes: number;
  status: Extract<FlowStatus, 'succeeded' | 'cancelled' | 'expired'>;
  amount?: Money;
}

const KEY = 'payment-flows-demo:finished-bookings';
const FINISHED = new Set<FlowStatus>(['succeeded', 'cancelled', 'expired']);

function isFinishedStatus(status: FlowStatus): status is FinishedBooking['status'] {
  return FINISHED.has(status);
}

function read(): FinishedBooking[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as FinishedBooking[]) : [];
  } catch {
    return [];
  }
}

function summarize(flow: PaymentFlowEntity): FinishedBooking | undefined {
  if (!isFinishedStatus(flow.status)) return undefined;
  const { resourceId, start, durationMinutes } = flow.booking;
  return {
    flowId: flow.flowId,
    resourceId,
    start,
    durationMinutes,
    status: flow.status,
    ...(flow.amount ? { amount: flow.amount } : {}),
  };
}

/** The remembered list, as a tiny external store: read once, then kept here and in storage. */
let remembered: FinishedBooking[] | undefined;
const listeners = new Set<() => void>();

function snapshot(): FinishedBooking[] {
  remembered ??= read();
  return remembered;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function remember(flows: readonly PaymentFlowEntity[]): void {
  const known = new Map(snapshot().map((booking) => [booking.flowId, booking]));
  let changed = false;
  for (const flow of flows) {
    const finished = summarize(flow);
    if (finished && known.get(flow.flowId)?.status !== finished.status) {
      known.set(flow.flowId, finished);
      changed = true;
    }
  }
  if (!changed) return;
  remembered = [...known.values()];
  try {
    sessionStorage.setItem(KEY, JSON.stringify(remembered));
  } catch {
    // A full or blocked storage only costs the list after a reload.
  }
  for (const listener of listeners) listener();
}

/** This tab's finished bookings, including those the store has since let go of. */
export function useFinishedBookings(flows: readonly PaymentFlowEntity[]): FinishedBooking[] {
  useEffect(() => {
    remember(flows);
  }, [flows]);
  return useSyncExternalStore(subscribe, snapshot);
}
