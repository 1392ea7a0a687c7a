/** Resolves with the first state in which `predicate` holds: waits for actions, not time. */
export function waitForStoreState<S>(
  store: { getState: () => S; subscribe: (listener: () => void) => () => void },
  predicate: (state: S) => boolean,
  timeoutMs = 5_000,
): Promise<S> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!predicate(store.getState())) return;
      cleanup();
      resolve(store.getState());
    };
    const unsubscribe = store.subscribe(check);
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`state never matched in ${timeoutMs} ms`));
    }, timeoutMs);
    function cleanup(): void {
      unsubscribe();
      clearTimeout(timer);
    }
    check();
  });
}
