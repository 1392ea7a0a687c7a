import { useCallback, useState, useSyncExternalStore, type RefObject } from 'react';
import { useClientLayoutEffect } from '../hooks/useClientLayoutEffect.js';
import { usePaymentsStore } from '../hooks/storeHooks.js';

interface Banner {
  id: symbol;
  inModal: boolean;
}

/** The connection banners mounted over one store, in the order they mounted. */
interface BannerRegistry {
  add: (banner: Banner) => () => void;
  /** Told only when this banner starts or stops being the announcer. */
  subscribe: (id: symbol, onChange: () => void) => () => void;
  announcer: () => symbol | undefined;
}

function createBannerRegistry(): BannerRegistry {
  const banners: Banner[] = [];
  const listeners = new Map<symbol, () => void>();
  let announcer: symbol | undefined;
  // Only the banner that stops announcing and the one that starts re-render: with a page of a
  // thousand flows, a flow mounting must not wake the other 999 banners.
  const elect = () => {
    const previous = announcer;
    announcer = announcerAmong(banners)?.id;
    if (announcer === previous) return;
    if (previous) listeners.get(previous)?.();
    if (announcer) listeners.get(announcer)?.();
  };
  return {
    add: (banner) => {
      banners.push(banner);
      elect();
      return () => {
        banners.splice(banners.indexOf(banner), 1);
        elect();
      };
    },
    subscribe: (id, onChange) => {
      listeners.set(id, onChange);
      return () => {
        listeners.delete(id);
      };
    },
    announcer: () => announcer,
  };
}

/**
 * The newest banner in a modal dialog, else the newest: a modal makes the rest of the page
 * inert, and a live region there is never read out, whenever its banner mounted.
 */
function announcerAmong(banners: readonly Banner[]): Banner | undefined {
  for (let index = banners.length - 1; index >= 0; index -= 1) {
    const banner = banners[index];
    if (banner?.inModal) return banner;
  }
  return banners[banners.length - 1];
}

// Per store, not per page: two stores have two connections, each to be told about.
const registries = new WeakMap<object, BannerRegistry>();

function registryOf(store: object): BannerRegistry {
  let registry = registries.get(store);
  if (!registry) {
    registry = createBannerRegistry();
    registries.set(store, registry);
  }
  return registry;
}

/**
 * Whether this banner is the one live region for its store's connection. Every flow view shows
 * the connection's state, but a screen reader must hear a drop once, not once per flow on the
 * page. On a server, and until mounted, none is.
 */
export function useAnnouncesConnection(bannerRef: RefObject<HTMLElement | null>): boolean {
  const registry = registryOf(usePaymentsStore());
  const [id] = useState(() => Symbol('connection banner'));
  useClientLayoutEffect(() => {
    const inModal = Boolean(bannerRef.current?.closest('[aria-modal="true"]'));
    return registry.add({ id, inModal });
  }, [registry, id, bannerRef]);
  const subscribe = useCallback(
    (onChange: () => void) => registry.subscribe(id, onChange),
    [registry, id],
  );
  return useSyncExternalStore(
    subscribe,
    () => registry.announcer() === id,
    () => false,
  );
}
