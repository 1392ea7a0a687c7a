/** @jest-environment jsdom */
import { createBrowserTabs } from '../../../src/payments/tabs/browserTabs';
import { leaseKey } from '../../../src/payments/tabs/leaseLocks';
import type { LockRequester } from '../../../src/payments/tabs/tabLocks';

// jsdom has neither navigator.locks nor BroadcastChannel: the fallbacks are the default here.
const pageHide = (persisted: boolean): Event => Object.assign(new Event('pagehide'), { persisted });

/** Opens a tab and lets it hold `flow-1` through the lease fallback. */
function leaseHeld() {
  const tabs = createBrowserTabs();
  const granted = jest.fn();
  tabs.locks.request('flow-1', { granted });
  jest.advanceTimersByTime(2_000);
  expect(granted).toHaveBeenCalledTimes(1);
  return tabs;
}

const leaseHolder = (): unknown =>
  (JSON.parse(localStorage.getItem(leaseKey('flow-1')) ?? '{}') as { tabId?: unknown }).tabId;

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  jest.useRealTimers();
  localStorage.clear();
});

describe('browser tabs', () => {
  it('falls back to localStorage leases, released when the page is left', () => {
    const tabs = leaseHeld();
    expect(leaseHolder()).toBe(tabs.tabId);

    window.dispatchEvent(pageHide(false));

    expect(leaseHolder()).toBeUndefined();
    tabs.close();
  });

  it('keeps the leases of a page frozen in the back/forward cache', () => {
    const tabs = leaseHeld();

    window.dispatchEvent(pageHide(true));

    expect(leaseHolder()).toBe(tabs.tabId);
    tabs.close();
    expect(leaseHolder()).toBeUndefined();
  });

  it('falls back to storage events for messages', () => {
    const tabs = createBrowserTabs({ channelName: 'checkout' });
    const received = jest.fn();
    tabs.channel.subscribe(received);

    const newValue = JSON.stringify({ id: 'x', message: 'hello' });
    window.dispatchEvent(
      new StorageEvent('storage', { key: 'payment-flows:channel:checkout', newValue }),
    );

    expect(received).toHaveBeenCalledWith('hello');
    tabs.close();
  });

  it('uses Web Locks and BroadcastChannel where the browser has them', () => {
    const request = jest.fn<Promise<unknown>, Parameters<LockRequester['request']>>(
      () => new Promise(() => undefined),
    );
    Object.defineProperty(navigator, 'locks', { value: { request }, configurable: true });
    const broadcastChannel = jest.fn();
    globalThis.BroadcastChannel = broadcastChannel;
    try {
      const tabs = createBrowserTabs();
      tabs.locks.request('flow-1', { granted: jest.fn() });
      jest.advanceTimersByTime(2_000);

      expect(request).toHaveBeenCalledWith('flow-1', expect.anything(), expect.any(Function));
      expect(broadcastChannel).toHaveBeenCalledWith('payment-flows');
      expect(localStorage.length).toBe(0);
    } finally {
      Reflect.deleteProperty(navigator, 'locks');
      Reflect.deleteProperty(globalThis, 'BroadcastChannel');
    }
  });
});
