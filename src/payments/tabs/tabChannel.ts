import { v4 as uuidv4 } from 'uuid';
import type { SyncStorage } from './syncStorage.js';

export interface TabChannel {
  /** Sends a JSON-serializable message to every OTHER tab (never back to this one). */
  post(message: unknown): void;
  /** Messages come from other tabs' code: the listener validates them. */
  subscribe(listener: (message: unknown) => void): () => void;
  close(): void;
}

type Listener = (message: unknown) => void;

/** Over BroadcastChannel, which never delivers a message to the instance that posted it. */
export function createBroadcastTabChannel(name: string): TabChannel {
  const channel = new BroadcastChannel(name);
  return {
    post(message) {
      channel.postMessage(message);
    },
    subscribe(listener: Listener) {
      const onMessage = (event: MessageEvent<unknown>): void => {
        listener(event.data);
      };
      channel.addEventListener('message', onMessage);
      return () => {
        channel.removeEventListener('message', onMessage);
      };
    },
    close() {
      channel.close();
    },
  };
}

/** `window`'s part that the storage fallback listens on; `storage` events are StorageEvents. */
export interface StorageEventTarget {
  addEventListener(type: 'storage', listener: (event: Event) => void): void;
  removeEventListener(type: 'storage', listener: (event: Event) => void): void;
}

/** Another tab wrote it, so anything but `{ message }` is ignored. */
function messageIn(serialized: string): { message: unknown } | undefined {
  try {
    const envelope: unknown = JSON.parse(serialized);
    if (typeof envelope !== 'object' || envelope === null || !('message' in envelope)) {
      return undefined;
    }
    return { message: envelope.message };
  } catch {
    return undefined;
  }
}

/**
 * The fallback where BroadcastChannel is missing: a write to `key` fires a `storage` event in
 * every other tab of the origin, never in the writer. The key is removed straight after, as
 * the message is needed only for the event. Each write carries a unique id because writing the
 * value a key already holds fires nothing: two tabs posting the same message at once.
 */
export function createStorageTabChannel(options: {
  storage: SyncStorage;
  key: string;
  target: StorageEventTarget;
}): TabChannel {
  const { storage, key, target } = options;
  const listeners = new Set<Listener>();
  const onStorage = (event: Event): void => {
    const { key: changed, newValue } = event as StorageEvent;
    if (changed !== key || newValue === null) return;
    const received = messageIn(newValue);
    if (!received) return;
    for (const listener of [...listeners]) listener(received.message);
  };
  target.addEventListener('storage', onStorage);

  return {
    post(message) {
      storage.setItem(key, JSON.stringify({ id: uuidv4(), message }));
      storage.removeItem(key);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    close() {
      target.removeEventListener('storage', onStorage);
      listeners.clear();
    },
  };
}
