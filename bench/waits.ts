/** Every wait in the bench is bounded in time; a bound that is hit fails the bench loudly. */

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

export const nextMacrotask = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

export async function withTimeout<T>(work: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${label}: not done after ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface Subscribable {
  subscribe(listener: () => void): () => void;
}

/**
 * Resolves with performance.now() of the first store change after which `done()` holds (or at
 * once if it already holds). `done` runs after every action, so it must be cheap.
 */
export function whenStore(
  store: Subscribable,
  done: () => boolean,
  timeoutMs: number,
  label: string,
): Promise<number> {
  if (done()) return Promise.resolve(performance.now());
  let unsubscribe = (): void => undefined;
  const reached = new Promise<number>((resolve) => {
    unsubscribe = store.subscribe(() => {
      if (!done()) return;
      unsubscribe();
      resolve(performance.now());
    });
  });
  return withTimeout(reached, timeoutMs, label).finally(unsubscribe);
}

/** Polls `done` every `intervalMs` until it holds, for at most `timeoutMs`. */
export async function pollUntil(
  done: () => boolean,
  options: { timeoutMs: number; intervalMs: number; label: string },
): Promise<void> {
  const deadline = performance.now() + options.timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) {
      throw new Error(`${options.label}: not done after ${options.timeoutMs} ms`);
    }
    await sleep(options.intervalMs);
  }
}

interface PersistorLike {
  getState(): { bootstrapped: boolean };
  subscribe(listener: () => void): () => void;
}

/** Resolves with performance.now() once redux-persist reports every key rehydrated. */
export function whenRehydrated(persistor: PersistorLike, timeoutMs: number, label: string) {
  return whenStore(
    { subscribe: (listener) => persistor.subscribe(listener) },
    () => persistor.getState().bootstrapped,
    timeoutMs,
    label,
  );
}
