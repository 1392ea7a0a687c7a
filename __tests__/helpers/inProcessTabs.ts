import type { TabCoordination } from '../../src/payments/tabs/browserTabs';
import type { TabChannel } from '../../src/payments/tabs/tabChannel';
import type { LockCallbacks, TabLocks } from '../../src/payments/tabs/tabLocks';

export type InProcessTab = TabCoordination & {
  /** Killed without cleanup: its locks are released, as the browser does, and its messages stop. */
  crash(): void;
};

interface Tab {
  state: 'open' | 'closed' | 'crashed';
  listeners: Set<(message: unknown) => void>;
}

interface LockRequest {
  callbacks: LockCallbacks;
  held: boolean;
}

/**
 * Grants and messages arrive later, as in the browser: in a promise job, not queueMicrotask,
 * which Jest's fake timers hold back.
 */
const later = (job: () => void): void => {
  void Promise.resolve().then(job);
};

/**
 * Tabs of one origin inside one Node process, for tests of several stores side by side: locks
 * with Web Locks semantics (per name, first come first granted) and a channel that delivers a
 * structured clone to every other open tab.
 */
export function createTabHub() {
  const queues = new Map<string, LockRequest[]>();
  const tabs = new Set<Tab>();
  let opened = 0;

  function grantFirst(name: string): void {
    const first = queues.get(name)?.[0];
    if (!first || first.held) return;
    first.held = true;
    later(() => {
      if (queues.get(name)?.[0] === first) first.callbacks.granted();
    });
  }

  function withdraw(name: string, request: LockRequest): void {
    const queue = queues.get(name);
    const index = queue?.indexOf(request) ?? -1;
    if (!queue || index < 0) return;
    queue.splice(index, 1);
    if (queue.length === 0) queues.delete(name);
    else grantFirst(name);
  }

  function locksOf(tab: Tab): TabLocks {
    const requests = new Map<LockRequest, string>();
    return {
      request(name, callbacks) {
        if (tab.state !== 'open') return () => undefined;
        const request: LockRequest = { callbacks, held: false };
        requests.set(request, name);
        queues.set(name, [...(queues.get(name) ?? []), request]);
        grantFirst(name);
        return () => {
          requests.delete(request);
          withdraw(name, request);
        };
      },
      close() {
        for (const [request, name] of requests) withdraw(name, request);
        requests.clear();
      },
    };
  }

  function channelOf(tab: Tab): TabChannel {
    return {
      post(message) {
        if (tab.state !== 'open') return;
        for (const other of tabs) {
          if (other === tab) continue;
          const copy: unknown = structuredClone(message);
          later(() => {
            if (other.state !== 'open' || tab.state === 'crashed') return;
            for (const listener of [...other.listeners]) listener(copy);
          });
        }
      },
      subscribe(listener) {
        tab.listeners.add(listener);
        return () => {
          tab.listeners.delete(listener);
        };
      },
      close() {
        tab.listeners.clear();
      },
    };
  }

  function openTab(): InProcessTab {
    opened += 1;
    const tab: Tab = { state: 'open', listeners: new Set() };
    tabs.add(tab);
    const locks = locksOf(tab);
    const channel = channelOf(tab);
    const end = (state: Tab['state']): void => {
      tab.state = state;
      tabs.delete(tab);
      locks.close();
      channel.close();
    };
    return {
      tabId: `tab-${opened}`,
      locks,
      channel,
      close: () => {
        end('closed');
      },
      crash: () => {
        end('crashed');
      },
    };
  }

  return { openTab };
}

export type TabHub = ReturnType<typeof createTabHub>;
