import { BookingStore } from './bookings';
import { IdempotencyStore } from './idempotency';
import { PaymentStore } from './payments';

/** All in-memory state of one demo server; gone when the process ends. */
export interface DemoStore {
  bookings: BookingStore;
  payments: PaymentStore;
  idempotency: IdempotencyStore;
}

export function createDemoStore(): DemoStore {
  return {
    bookings: new BookingStore(),
    payments: new PaymentStore(),
    idempotency: new IdempotencyStore(),
  };
}
