import { createNextState } from '@reduxjs/toolkit';
import { createPersistoid } from 'redux-persist';
import type { PaymentFlowsState } from '../src/payments/flowState';
import { silentLogger } from '../src/payments/logger';
import {
  bookingCreated,
  bookingRequested,
  flowStarted,
  initialFlowsState,
  paymentFlowsReducer,
} from '../src/payments/paymentFlowsSlice';
import { PERSIST_VERSION } from '../src/payments/persistence/migrations';
import {
  createPaymentsPersistConfig,
  storageKeyOf,
} from '../src/payments/persistence/persistConfig';
import type { BookingDraft } from '../src/payments/types';
import { bookingIdOf, paymentIdOf } from './burstProtocol';
import { createMemoryStorage } from './memoryStorage';

export const STORAGE_KEY = storageKeyOf('payment-flows');

const FIRST_START = Date.UTC(2031, 0, 1, 9);
const HOUR_MS = 60 * 60 * 1000;

/** N distinct drafts: a different room and start each, so no two are the same booking. */
export function draftFor(index: number, offset = 0): BookingDraft {
  return {
    resourceId: `room-${offset + index}`,
    start: FIRST_START + (offset + index) * HOUR_MS,
    durationMinutes: 60,
    bookingType: 'FIRM',
  };
}

/**
 * N flows in awaitingPayment, linked to `bk_bench_<i>` / `pay_bench_<i>` (seq 1), built by the
 * slice's own reducer from flowStarted → bookingRequested → bookingCreated, all inside one
 * Immer draft: one copy of the entity map instead of one per action.
 */
export function buildLinkedFlows(count: number, now: number): PaymentFlowsState {
  return createNextState(initialFlowsState, (draft) => {
    for (let index = 0; index < count; index += 1) {
      const started = flowStarted(draftFor(index), now);
      const { flowId } = started.payload;
      paymentFlowsReducer(draft, started);
      paymentFlowsReducer(draft, bookingRequested({ flowId, at: now }));
      paymentFlowsReducer(
        draft,
        bookingCreated({
          flowId,
          at: now,
          bookingId: bookingIdOf(index),
          payment: { paymentId: paymentIdOf(index), seq: 1 },
          amount: { value: 5000, currency: 'EUR' },
          holdExpiresAt: now + HOUR_MS,
        }),
      );
    }
  });
}

/**
 * What redux-persist stores for `flows`, written by its own persistoid and our config: the
 * persist key and each flow's entry, by key.
 */
export async function persistedValueOf(flows: PaymentFlowsState): Promise<Record<string, string>> {
  const memory = createMemoryStorage();
  const config = createPaymentsPersistConfig(
    { storage: memory.storage, throttleMs: 0 },
    silentLogger,
  );
  const persistoid = createPersistoid(config);
  persistoid.update({
    paymentFlows: flows,
    _persist: { version: PERSIST_VERSION, rehydrated: true },
  });
  await persistoid.flush();
  if (memory.get(STORAGE_KEY) === undefined) throw new Error('the persistoid wrote nothing');
  return memory.contents(STORAGE_KEY);
}

/** Memory storage holding N linked awaitingPayment flows, as a reload would find them. */
export async function storageWithFlows(count: number, now = Date.now()) {
  const contents = await persistedValueOf(buildLinkedFlows(count, now));
  return { memory: createMemoryStorage(contents), contents };
}
