export interface HoldDeadline {
  flowId: string;
  /** Epoch ms. */
  at: number;
}

/**
 * The hold deadlines of flows that hold no task, earliest first: one timer for all of them,
 * however many there are. A binary heap: adding and taking cost O(log n). An entry whose flow
 * was woken, or got another deadline, stays until it is due; the caller skips it then. A flow
 * holds one entry per deadline: one woken and parked again with the deadline it had (a view of
 * it mounting, say) adds nothing, or a flow waiting for days would add one entry per wake-up.
 */
export function createHoldWheel() {
  const heap: HoldDeadline[] = [];
  /** The (flowId, at) pairs in the heap, as keys: one string each, not a set per flow. */
  const held = new Set<string>();
  const keyOf = ({ flowId, at }: HoldDeadline) => `${at} ${flowId}`;
  const forget = (deadline: HoldDeadline) => held.delete(keyOf(deadline));
  const before = (i: number, j: number) => (heap[i]?.at ?? 0) < (heap[j]?.at ?? 0);
  const swap = (i: number, j: number) => {
    const a = heap[i];
    const b = heap[j];
    if (a === undefined || b === undefined) return;
    heap[i] = b;
    heap[j] = a;
  };
  const siftUp = (start: number) => {
    for (let i = start; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!before(i, parent)) return;
      swap(i, parent);
      i = parent;
    }
  };
  const siftDown = (start: number) => {
    for (let i = start; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let first = i;
      if (left < heap.length && before(left, first)) first = left;
      if (right < heap.length && before(right, first)) first = right;
      if (first === i) return;
      swap(i, first);
      i = first;
    }
  };
  return {
    /** Whether the deadline was added: false when the flow already has this one. */
    add(deadline: HoldDeadline): boolean {
      const key = keyOf(deadline);
      if (held.has(key)) return false;
      held.add(key);
      heap.push(deadline);
      siftUp(heap.length - 1);
      return true;
    },
    nextAt(): number | undefined {
      return heap[0]?.at;
    },
    /** Removes and returns every deadline at or before `time`, earliest first. */
    takeDue(time: number): HoldDeadline[] {
      const due: HoldDeadline[] = [];
      while (heap.length > 0 && (heap[0]?.at ?? Infinity) <= time) {
        const last = heap.pop();
        const first = heap[0];
        if (first === undefined || last === undefined) {
          if (last) due.push(last);
          break;
        }
        heap[0] = last;
        siftDown(0);
        due.push(first);
      }
      for (const deadline of due) forget(deadline);
      return due;
    },
    /** Keeps only the deadlines `keep` accepts, rebuilt as a heap in O(n). */
    retain(keep: (deadline: HoldDeadline) => boolean): void {
      const kept = heap.filter((deadline) => {
        if (keep(deadline)) return true;
        forget(deadline);
        return false;
      });
      heap.length = 0;
      heap.push(...kept);
      for (let i = (heap.length >> 1) - 1; i >= 0; i -= 1) siftDown(i);
    },
    clear(): void {
      heap.length = 0;
      held.clear();
    },
    get size(): number {
      return heap.length;
    },
  };
}

export type HoldWheel = ReturnType<typeof createHoldWheel>;
