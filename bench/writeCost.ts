import { createPersistoid } from 'redux-persist';
import { silentLogger } from '../src/payments/logger';
import { paymentFlowsReducer, paymentStatusesReceived } from '../src/payments/paymentFlowsSlice';
import { createPaymentsPersistConfig } from '../src/payments/persistence/persistConfig';
import { PERSIST_VERSION } from '../src/payments/persistence/migrations';
import { paymentIdOf } from './burstProtocol';
import type { PaymentFlowsState } from '../src/payments/flowState';
import { buildLinkedFlows, storageWithFlows } from './flowFixtures';
import { createMemoryStorage, storedChars } from './memoryStorage';
import type { Report } from './report';
import { formatMsRange, median } from './stats';

/** A frame at 60 Hz: a write longer than this blocks the page for at least one frame. */
const FRAME_MS = 16;

/**
 * The verdict for a write's cost against one frame, on the median of the trials. The paragraph
 * named the frame as the line a write must not cross, but no figure was read against it: 65 ms
 * per write and 183 ms for the first after a reload at 10,000 flows were printed with no 'missed'.
 */
export function frameVerdict(ms: readonly number[]): string {
  if (ms.length === 0) return '**not measured**';
  return median(ms) <= FRAME_MS ? 'met' : '**missed**';
}

interface WriteCost {
  ms: number[];
  /** Characters each write stored, under every key. */
  bytes: number[];
}

/**
 * The verdict for bytes per write after one flow changed: proportional to the change means about
 * one flow's worth, however many flows are held; `perFlow` is what one flow takes in storage.
 */
export function bytesVerdict(bytes: readonly number[], perFlow: number): string {
  if (bytes.length === 0) return '**not measured**';
  return median(bytes) <= 2 * perFlow ? 'met' : '**missed**';
}

/**
 * One write after one flow changed, as the store makes it: redux-persist's persistoid with our
 * config (the transform, the merge with what storage holds, the guard), from update to stored.
 * Each trial changes a different flow's seq, so nothing written is the same as before.
 */
async function measureWriteCost(flows: number, trials: number): Promise<WriteCost> {
  const now = Date.now();
  let state = buildLinkedFlows(flows, now);
  const memory = createMemoryStorage();
  const config = createPaymentsPersistConfig(
    { storage: memory.storage, throttleMs: 0 },
    silentLogger,
  );
  const persistoid = createPersistoid(config);
  const persistMeta = { version: PERSIST_VERSION, rehydrated: true };
  persistoid.update({ paymentFlows: state, _persist: persistMeta });
  await persistoid.flush();
  const ms: number[] = [];
  const bytes: number[] = [];
  for (let trial = 0; trial < trials; trial += 1) {
    const update = { paymentId: paymentIdOf(trial), status: 'awaitingPayment' as const, seq: 2 };
    state = paymentFlowsReducer(
      state,
      paymentStatusesReceived({ updates: [{ ...update, occurredAt: now }], at: now }),
    );
    const charsBefore = memory.charsWritten();
    const startedAt = performance.now();
    persistoid.update({ paymentFlows: state, _persist: persistMeta });
    await persistoid.flush();
    ms.push(performance.now() - startedAt);
    bytes.push(memory.charsWritten() - charsBefore);
  }
  return { ms, bytes };
}

/**
 * The first write after a reload: the config's own read and restore of `flows` saved flows
 * (`getStoredState`, `migrate`), then one of them changed and written, as above. Until the
 * restore's reading of storage seeded the merge, this write read and checked every flow again.
 */
async function measureFirstWrite(flows: number, trials: number): Promise<WriteCost> {
  const { contents } = await storageWithFlows(flows);
  const now = Date.now();
  const ms: number[] = [];
  const bytes: number[] = [];
  for (let trial = 0; trial < trials; trial += 1) {
    const memory = createMemoryStorage(contents);
    const config = createPaymentsPersistConfig(
      { storage: memory.storage, throttleMs: 0 },
      silentLogger,
    );
    const stored = await config.getStoredState?.(config);
    const restored = (await config.migrate?.(stored, PERSIST_VERSION)) as
      { paymentFlows: PaymentFlowsState } | undefined;
    if (restored === undefined) throw new Error('nothing was restored');
    const update = { paymentId: paymentIdOf(trial), status: 'awaitingPayment' as const, seq: 2 };
    const state = paymentFlowsReducer(
      restored.paymentFlows,
      paymentStatusesReceived({ updates: [{ ...update, occurredAt: now }], at: now }),
    );
    const persistoid = createPersistoid(config);
    const startedAt = performance.now();
    persistoid.update({
      paymentFlows: state,
      _persist: { version: PERSIST_VERSION, rehydrated: true },
    });
    await persistoid.flush();
    ms.push(performance.now() - startedAt);
    bytes.push(memory.charsWritten());
  }
  return { ms, bytes };
}

const formatCount = (values: readonly number[]) => median(values).toLocaleString('en-US');

export async function runWriteCost(
  report: Report,
  plans: readonly { flows: number; trials: number }[],
): Promise<void> {
  const rows: string[][] = [];
  for (const plan of plans) {
    const cost = await measureWriteCost(plan.flows, plan.trials);
    const first = await measureFirstWrite(plan.flows, plan.trials);
    const perFlow = storedChars((await storageWithFlows(plan.flows)).contents) / plan.flows;
    rows.push([
      String(plan.flows),
      String(plan.trials),
      formatMsRange(cost.ms),
      frameVerdict(cost.ms),
      formatMsRange(first.ms),
      frameVerdict(first.ms),
      `${formatCount(cost.bytes)} / ${formatCount(first.bytes)} (one flow stores ${perFlow.toFixed(0)})`,
      bytesVerdict([...cost.bytes, ...first.bytes], perFlow),
    ]);
  }
  report.paragraph(
    'The cost of one storage write after one flow changed (redux-persist serializing the ' +
      'transformed slice, the merge with what storage holds, the stored string), on the page’s ' +
      `thread: longer than a frame (${FRAME_MS} ms) is a visible stall, once per throttle window ` +
      'while flows change. The first write after a reload merges with what the restore read ' +
      '(before, it read and checked every stored flow again). The issue asks for bytes per ' +
      'write proportional to what changed: each flow has its own storage entry, and a write ' +
      'stores the entries of the flows that changed (and the list of flows, when flows come or ' +
      'go). Bytes are the characters stored by the write, under every key, median of the ' +
      'trials; met when both medians are at most two flows’ worth.',
  );
  report.table(
    [
      'flows',
      'trials',
      'ms per write (median [min–max])',
      `goal ≤ ${FRAME_MS} ms (one frame)`,
      'the first after a reload (ms)',
      `goal ≤ ${FRAME_MS} ms`,
      'bytes per write / the first after a reload (median)',
      'goal ∝ change (≤ 2 flows’ worth)',
    ],
    rows,
  );
}
