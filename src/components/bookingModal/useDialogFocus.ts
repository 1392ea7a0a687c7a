import { useEffect, useRef, type RefObject } from 'react';
import { useClientLayoutEffect } from '../hooks/useClientLayoutEffect.js';

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';

/** The controls Tab reaches in `container`, in order. */
export function focusablesIn(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (element) => !element.matches(':disabled'),
  );
}

/**
 * A modal dialog's focus rules: focus moves in on open (to the first control of `contentRef`,
 * the dialog's content, when given), Tab and Shift+Tab cycle inside,
 * Escape closes, and focus goes back to whatever opened the dialog when it unmounts.
 */
export function useDialogFocus(
  dialogRef: RefObject<HTMLElement | null>,
  onClose: () => void,
  contentRef?: RefObject<HTMLElement | null>,
) {
  // The latest onClose, read by the keydown listener without re-subscribing it on each render
  // (what React 19.2's useEffectEvent does; this works on every React in the peer range).
  const onCloseRef = useRef(onClose);
  useClientLayoutEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = dialogRef.current;
    const content = contentRef?.current;
    if (dialog) {
      (
        (content ? focusablesIn(content)[0] : undefined) ??
        focusablesIn(dialog)[0] ??
        dialog
      ).focus();
    }
    return () => {
      opener?.focus();
    };
  }, [dialogRef, contentRef]);

  useEffect(() => {
    // On the document, not the dialog: focus left on <body> (its element just unmounted) must
    // still be caught and brought back in.
    function onKeyDown(event: KeyboardEvent): void {
      const dialog = dialogRef.current;
      if (!dialog) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        onCloseRef.current();
      } else if (event.key === 'Tab') {
        trapTab(event, dialog);
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [dialogRef]);
}

function trapTab(event: KeyboardEvent, dialog: HTMLElement): void {
  const items = focusablesIn(dialog);
  const first = items[0];
  const last = items[items.length - 1];
  const active = document.activeElement;
  const inside = active instanceof Node && dialog.contains(active) && active !== dialog;
  if (!first || !last) {
    event.preventDefault();
    dialog.focus();
  } else if (!inside) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  } else if (event.shiftKey && !items.some((item) => precedes(item, active))) {
    // Also from a step heading (focusable by script only) with no control before it.
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && !items.some((item) => precedes(active, item))) {
    // Also from a step heading with no control after it: the browser would leave the dialog.
    event.preventDefault();
    first.focus();
  }
}

function precedes(a: Node, b: Node): boolean {
  return (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0 && !a.contains(b);
}
