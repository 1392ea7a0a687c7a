import { useEffect, type RefObject } from 'react';

/**
 * While the dialog is open, everything else on the page is `inert`: no click, tab or screen
 * reader can reach it. The dialog is portalled to <body>, so "everything else" is its siblings.
 * Declared before the focus hook, so the page is live again by the time focus returns to it.
 */
export function useInertBackground(layerRef: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const layer = layerRef.current;
    if (!layer) return;
    const background = Array.from(document.body.children).filter(
      (element) => element !== layer && !element.hasAttribute('inert'),
    );
    for (const element of background) element.setAttribute('inert', '');
    return () => {
      for (const element of background) element.removeAttribute('inert');
    };
  }, [layerRef]);
}
