/** Every timer the server starts goes through here, so `close()` can stop them all. */
export class TimerRegistry {
  private readonly handles = new Set<NodeJS.Timeout>();
  private closed = false;

  /** Runs `callback` after `ms`; returns a function that cancels it. */
  schedule(ms: number, callback: () => void): () => void {
    if (this.closed) return () => undefined;
    const handle = setTimeout(() => {
      this.handles.delete(handle);
      callback();
    }, ms);
    this.handles.add(handle);
    return () => {
      clearTimeout(handle);
      this.handles.delete(handle);
    };
  }

  /** Resolves after `ms`; never resolves once the registry is cleared (the server is gone). */
  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.schedule(ms, resolve);
    });
  }

  clearAll(): void {
    this.closed = true;
    for (const handle of this.handles) clearTimeout(handle);
    this.handles.clear();
  }
}
