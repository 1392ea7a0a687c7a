import { v4 as uuidv4 } from 'uuid';
import { createLeaseLocks } from './leaseLocks.js';
import type { SyncStorage } from './syncStorage.js';
import {
  createBroadcastTabChannel,
  createStorageTabChannel,
  type TabChannel,
} from './tabChannel.js';
import { createWebLocks, type TabLocks } from './tabLocks.js';

/** What one tab needs to share its flows with the others. */
export interface TabCoordination {
  tabId: string;
  locks: TabLocks;
  channel: TabChannel;
  close(): void;
}

/**
 * The lease fallback gives its leases up when the page is left. A page kept in the
 * back/forward cache is only frozen: it keeps them, they expire, and once it is back its next
 * check reports any that another tab took meanwhile. Releasing them there would leave the page,
 * restored, driving flows it no longer holds.
 */
function leaseLocksForPage(storage: SyncStorage, tabId: string): TabLocks {
  const locks = createLeaseLocks({ storage, tabId, now: () => Date.now() });
  const onPageHide = (event: PageTransitionEvent): void => {
    if (!event.persisted) locks.close();
  };
  window.addEventListener('pagehide', onPageHide);
  return {
    request: (name, callbacks) => locks.request(name, callbacks),
    close() {
      window.removeEventListener('pagehide', onPageHide);
      locks.close();
    },
  };
}

/**
 * Web Locks and BroadcastChannel where the browser has them, localStorage leases and storage
 * events where it does not. localStorage is read only for a fallback: where storage is blocked,
 * reading it throws.
 */
export function createBrowserTabs(
  options: { channelName?: string; storage?: SyncStorage } = {},
): TabCoordination {
  const channelName = options.channelName ?? 'payment-flows';
  const storage = (): SyncStorage => options.storage ?? window.localStorage;
  // uuid's v4 is crypto.randomUUID where that exists (secure contexts only).
  const tabId = uuidv4();
  const webLocks = (navigator as Partial<Navigator>).locks;
  const locks = webLocks ? createWebLocks(webLocks) : leaseLocksForPage(storage(), tabId);
  const channel =
    typeof BroadcastChannel === 'function'
      ? createBroadcastTabChannel(channelName)
      : createStorageTabChannel({
          storage: storage(),
          key: `payment-flows:channel:${channelName}`,
          target: window,
        });
  return {
    tabId,
    locks,
    channel,
    close() {
      locks.close();
      channel.close();
    },
  };
}
