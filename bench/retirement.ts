import { createNextState } from '@reduxjs/toolkit';
import { allFlowsIn, type PaymentFlowsState } from '../src/payments/flowState';
import {
  flowsRetired,
  paymentFlowsReducer,
  paymentStatusesReceived,
} from '../src/payments/paymentFlowsSlice';
import { paymentIdOf } from './burstProtocol';
import { buildLinkedFlows } from './flowFixtures';
import type { Report } from './report';
import { formatMs, formatMsRange, median } from './stats';

const GOAL_10K_MS = 200;
/** One-by-one retirement costs O(n) per action: timed on a sample, not all 10,000. */
const SINGLES_SAMPLE = 100;

function finishedFlows(count: number): PaymentFlowsState {
  const now = Date.now();
  return createNextState(buildLinkedFlows(count, now), (draft) => {
    const updates = Array.from({ length: count }, (_, index) => ({
      paymentId: paymentIdOf(index),
      status: 'succeeded' as const,
      seq: 2,
      occurredAt: now,
    }));
    paymentFlowsReducer(draft, paymentStatusesReceived({ updates, at: now }));
  });
}

function timeBatch(state: PaymentFlowsState): number {
  const startedAt = performance.now();
  const after = paymentFlowsReducer(state, flowsRetired({ flowIds: flowIdsIn(state), at: 1 }));
  const elapsed = performance.now() - startedAt;
  const left = flowIdsIn(after).length;
  if (left !== 0) throw new Error(`${left} flows were not retired`);
  return elapsed;
}

/** Per action, retiring flows one action each (how every flow left before batching). */
function timeSingles(state: PaymentFlowsState): number {
  let current = state;
  const sample = flowIdsIn(state).slice(0, SINGLES_SAMPLE);
  const startedAt = performance.now();
  for (const flowId of sample) {
    current = paymentFlowsReducer(current, flowsRetired({ flowIds: [flowId], at: 1 }));
  }
  return (performance.now() - startedAt) / sample.length;
}

export function runRetirement(report: Report, sizes: readonly number[], trials: number): void {
  report.heading('Retiring finished flows that fall due together');
  const rows: string[][] = [];
  for (const size of sizes) {
    const state = finishedFlows(size);
    const batch = Array.from({ length: trials }, () => timeBatch(state));
    const single = Array.from({ length: trials }, () => timeSingles(state));
    const estimate = median(single) * size;
    const goal = size === 10_000 ? (median(batch) <= GOAL_10K_MS ? 'met' : '**missed**') : '';
    rows.push([
      size.toLocaleString('en'),
      formatMsRange(batch),
      formatMsRange(single),
      formatMs(estimate),
      `${(estimate / median(batch)).toFixed(0)}x`,
      goal,
    ]);
  }
  report.table(
    [
      'finished flows',
      'one flowsRetired for all (median [min–max])',
      'per action, one flow each',
      'one each, all of them (estimate)',
      'batched speed-up',
      `goal ≤ ${GOAL_10K_MS} ms at 10,000`,
    ],
    rows,
  );
  report.paragraph(
    [
      `How: N linked flows made succeeded in one reducer pass, then the slice's reducer alone (Immer,`,
      `auto-freeze on, as shipped). Batched: one flowsRetired naming all N, ${trials} trials. One`,
      `each: the first ${SINGLES_SAMPLE} flows retired one action at a time, per action, ${trials}`,
      'trials; the estimate multiplies by N (each action copies the maps, so the real cost of',
      'retiring all N one by one is about N times the per-action cost at that size).',
    ].join(' '),
  );
}

function flowIdsIn(state: PaymentFlowsState): string[] {
  return allFlowsIn(state.flows).map((flow) => flow.flowId);
}
