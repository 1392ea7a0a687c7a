import { useCallback, useState } from 'react';

export interface CommandGate {
  /** A command given in the current state has not changed that state yet. */
  busy: boolean;
  run: (command: () => void | Promise<void>) => void;
}

/**
 * Disables commands from the moment one is given until the state it was given in changes
 * (`stateKey`, e.g. a flow's id and updatedAt). Derived, not reset by an effect, so it can
 * never get stuck after the flow moves on. A command whose promise rejects opens the gate again.
 */
export function useCommandGate(stateKey: string): CommandGate {
  const [pendingKey, setPendingKey] = useState<string>();
  const busy = pendingKey === stateKey;
  const run = useCallback(
    (command: () => void | Promise<void>) => {
      if (busy) return;
      setPendingKey(stateKey);
      // A command that throws at once opens the gate again, as one whose promise rejects does.
      new Promise<void>((resolve) => {
        resolve(command());
      }).catch(() => {
        setPendingKey(undefined);
      });
    },
    [busy, stateKey],
  );
  return { busy, run };
}
