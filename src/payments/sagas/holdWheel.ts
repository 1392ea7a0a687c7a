export interface HoldDeadline {
  flowId: string;
  /** Epoch ms. */
  at: number;
}

/**
 * The hold deadlines of flows that hold no task, earliest first: one timer for all of them,
 * however many there are. A binary heap: adding and taking cost O(log n). An entry whose flow
 * was woken, or got another deadline, stays until it is due; the caller skips it then.
 */
export function createHoldWheel() {
  const heap: HoldDeadline[] = [];
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
    add(deadline: HoldDeadline): void {
      heap.push(deadline);
      siftUp(heap.length - 1);
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
      return due;
    },
    /** Keeps only the deadlines `keep` accepts, rebuilt as a heap in O(n). */
    retain(keep: (deadline: HoldDeadline) => boolean): void {
      const kept = heap.filter(keep);
      heap.length = 0;
      heap.push(...kept);
      for (let i = (heap.length >> 1) - 1; i >= 0; i -= 1) siftDown(i);
    },
    clear(): void {
      heap.length = 0;
    },
    get size(): number {
      return heap.length;
    },
  };
}

export type HoldWheel = ReturnType<typeof createHoldWheel>;
