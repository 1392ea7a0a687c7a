/**
 * One storage write in flight at a time, however many flows ask to be saved. A caller that
 * arrives while a write is running waits for the next one (which starts when the running one
 * ends, so it holds the caller's change); everyone arriving meanwhile shares that next write.
 * Creating 400 flows at once then writes 2 times, not 400.
 */
export function coalesceFlushes(flush: () => Promise<unknown>): () => Promise<unknown> {
  let running: Promise<unknown> | undefined;
  let queued: Promise<unknown> | undefined;
  const start = (): Promise<unknown> => {
    const write = flush().finally(() => {
      running = undefined;
    });
    running = write;
    return write;
  };
  return () => {
    if (running === undefined) return start();
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return start();
      });
    return queued;
  };
}
