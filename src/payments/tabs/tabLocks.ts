export interface LockCallbacks {
  /** Called once, when this tab holds the lock. */
  granted: () => void;
  /** Called once if a held lock is taken away (only a lease can be: the tab stalled past its TTL). */
  lost?: () => void;
}

export interface TabLocks {
  /**
   * Asks for the exclusive lock `name`. Returns a function that gives it up: releases it if held,
   * withdraws the request if still waiting. Calling it twice is harmless. Requests for one name are
   * granted one tab at a time, in order.
   */
  request(name: string, callbacks: LockCallbacks): () => void;
  /** Gives up every lock and request of this tab (page left, store closed). */
  close(): void;
}

/** The part of `navigator.locks` used here. */
export interface LockRequester {
  request(
    name: string,
    options: { signal: AbortSignal },
    callback: () => Promise<void>,
  ): Promise<unknown>;
}

/**
 * Exclusive locks over the Web Locks API. A granted lock is held for as long as its callback's
 * promise is pending; the browser releases it when the tab closes or crashes.
 */
export function createWebLocks(locks: LockRequester): TabLocks {
  const open = new Set<() => void>();

  function request(name: string, callbacks: LockCallbacks): () => void {
    const controller = new AbortController();
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let givenUp = false;
    const giveUp = (): void => {
      if (givenUp) return;
      givenUp = true;
      open.delete(giveUp);
      controller.abort();
      release();
    };
    open.add(giveUp);
    locks
      .request(name, { signal: controller.signal }, async () => {
        // Given up after the browser granted it but before this ran: let it go at once.
        if (givenUp) return;
        callbacks.granted();
        await released;
      })
      .catch((error: unknown) => {
        // Withdrawing a waiting request rejects it with an AbortError; that is the point of it.
        if (controller.signal.aborted) return;
        throw error;
      });
    return giveUp;
  }

  return {
    request,
    close() {
      for (const giveUp of [...open]) giveUp();
    },
  };
}
