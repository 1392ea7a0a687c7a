import { BookingStore } from './bookings';
import { ChallengeStore } from './challenges';
import { IdempotencyStore } from './idempotency';
import { PaymentStore } from './payments';

/** All in-memory state of one demo server; gone when the process ends. */
export interface DemoStore {
  bookings: BookingStore;
  payments: PaymentStore;
  idempotency: IdempotencyStore;
  challenges: ChallengeStore;
}

export function createDemoStore(maxRecordsPerOwner: number): DemoStore {
  return {
    bookings: new BookingStore(),
    payments: new PaymentStore(),
    idempotency: new IdempotencyStore({ maxRecordsPerOwner }),
    challenges: new ChallengeStore(),
  };
}
