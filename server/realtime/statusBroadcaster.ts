import type { FaultState } from '../faults';
import type { PaymentStore } from '../payments';
import type { TimerRegistry } from '../timers';
import type { PaymentSnapshot } from '../wireTypes';

/** How long the reorder fault holds an event when no later one of its booking comes along. */
const REORDER_HOLD_MS = 200;

export interface StatusBroadcasterDeps {
  payments: PaymentStore;
  faults: FaultState;
  timers: TimerRegistry;
  /** Sends one `payment:status` to the booking's room (dropped while the server is stopped). */
  send(snapshot: PaymentSnapshot): void;
}

interface HeldEvent {
  snapshot: PaymentSnapshot;
  cancelTimer: () => void;
}

/** Turns every payment change into `payment:status`, through the duplicate and reorder faults. */
export class StatusBroadcaster {
  private readonly held = new Map<string, HeldEvent>();

  constructor(private readonly deps: StatusBroadcasterDeps) {}

  /** Returns the function that stops broadcasting. */
  start(): () => void {
    const unsubscribe = this.deps.payments.onPaymentChange((snapshot) => {
      this.onChange(snapshot);
    });
    return () => {
      unsubscribe();
      for (const { cancelTimer } of this.held.values()) cancelTimer();
      this.held.clear();
    };
  }

  private onChange(snapshot: PaymentSnapshot): void {
    const { bookingId } = snapshot;
    const held = this.held.get(bookingId);
    if (held !== undefined) {
      // Released by the next event even if the fault was switched off meanwhile.
      held.cancelTimer();
      this.held.delete(bookingId);
      this.emit(snapshot);
      this.emit(held.snapshot);
      return;
    }
    if (!this.deps.faults.reorderStatusEvents) {
      this.emit(snapshot);
      return;
    }
    const cancelTimer = this.deps.timers.schedule(REORDER_HOLD_MS, () => {
      this.held.delete(bookingId);
      this.emit(snapshot);
    });
    this.held.set(bookingId, { snapshot, cancelTimer });
  }

  private emit(snapshot: PaymentSnapshot): void {
    if (this.deps.faults.takeStatusEventDrop()) return;
    this.deps.send(snapshot);
    if (this.deps.faults.duplicateStatusEvents) this.deps.send(snapshot);
  }
}
