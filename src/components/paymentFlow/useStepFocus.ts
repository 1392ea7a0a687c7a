import { useRef, type RefObject } from 'react';
import { STEP_HEADING_ATTRIBUTE } from './StepHeading.js';
import { useClientLayoutEffect } from '../hooks/useClientLayoutEffect.js';

/** The flow views on the page, and the one focus was last inside. */
const mountedSections = new Set<HTMLElement>();
let lastFocusedSection: HTMLElement | undefined;

/**
 * On every step change, focus moves to the new step's heading when it was inside the flow (on a
 * button the step just replaced or disabled) or had fallen to <body> or to the dialog around
 * it. Focus the user put elsewhere on the page stays where it is. From <body> it moves only
 * to the one flow on the page, or to the one focus was last inside: with a list of flows, one
 * that changes in the background must not scroll the page away from what the user reads. On
 * mount it moves only inside a modal dialog (the form that started the flow has just gone): a
 * flow shown inline on a page that is loading must not pull focus and scroll to itself. A layout
 * effect, so no frame ever has focus on <body>.
 */
export function useStepFocus(sectionRef: RefObject<HTMLElement | null>, step: string | undefined) {
  // The step last seen, so a re-run for the same step (StrictMode's double effects) moves nothing.
  const lastStep = useRef<string>(undefined);
  useClientLayoutEffect(() => {
    const section = sectionRef.current;
    if (!section) return undefined;
    mountedSections.add(section);
    const noteFocus = () => {
      lastFocusedSection = section;
    };
    section.addEventListener('focusin', noteFocus);
    return () => {
      section.removeEventListener('focusin', noteFocus);
      mountedSections.delete(section);
      if (lastFocusedSection === section) lastFocusedSection = undefined;
    };
  }, [sectionRef]);
  useClientLayoutEffect(() => {
    const section = sectionRef.current;
    const previous = lastStep.current;
    lastStep.current = step;
    if (!section || step === undefined || step === previous) return;
    if (previous === undefined && !section.closest('[aria-modal="true"]')) return;
    const active = document.activeElement;
    // On <body>, or on the dialog around the flow (where a click on a control the step just
    // disabled puts it, e.g. the second click of a double-click on Pay): not elsewhere, but lost.
    const lost = active === null || active.contains(section);
    if (!lost && !section.contains(active)) return;
    const onBody = active === null || active === document.body;
    if (onBody && mountedSections.size > 1 && lastFocusedSection !== section) return;
    section.querySelector<HTMLElement>(`[${STEP_HEADING_ATTRIBUTE}]`)?.focus();
  }, [sectionRef, step]);
}
