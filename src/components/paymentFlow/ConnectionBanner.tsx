import { useRef, useSyncExternalStore } from 'react';
import { useConnectionStatus } from '../hooks/useConnectionStatus.js';
import { usePaymentFlowsUi } from '../ui/uiContext.js';
import { useAnnouncesConnection } from './useAnnouncesConnection.js';

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** What the browser knows of its network; unknown (no `navigator`) counts as online. */
function useBrowserOnline(): boolean {
  return useSyncExternalStore(
    subscribeOnline,
    () => typeof navigator === 'undefined' || navigator.onLine,
    () => true,
  );
}

/**
 * Shown with every flow, so each payment on the page says its updates wait for the connection.
 * One banner per store is also the live region, always mounted (empty when connected) so it
 * announces a drop when it happens: with a list of flows, a screen reader hears it once.
 * It reads the status itself: a change re-renders the banners, not the flows around them.
 */
export function ConnectionBanner() {
  const status = useConnectionStatus();
  const browserOnline = useBrowserOnline();
  const { messages, cx } = usePaymentFlowsUi();
  const bannerRef = useRef<HTMLDivElement>(null);
  const announces = useAnnouncesConnection(bannerRef);
  const message =
    status === 'reconnecting'
      ? messages.reconnecting
      : status === 'offline'
        ? // Only the browser knows whether the network is gone; otherwise it is the server.
          browserOnline
          ? messages.unreachable
          : messages.offline
        : undefined;
  return (
    <div
      ref={bannerRef}
      {...(announces ? { role: 'status', 'aria-label': messages.connectionRegion } : {})}
      className={cx('banner')}
    >
      {message}
    </div>
  );
}
