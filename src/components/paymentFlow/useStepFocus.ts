import { useLayoutEffect, type RefObject } from 'react';
import { STEP_HEADING_ATTRIBUTE } from './StepHeading.js';

/**
 * On every step change, focus moves to the new step's heading when it was inside the flow (on a
 * button the step just replaced or disabled) or had fallen to <body>. Focus the user put
 * elsewhere on the page stays where it is.
 */
export function useStepFocus(sectionRef: RefObject<HTMLElement | null>, step: string | undefined) {
  useLayoutEffect(() => {
    const section = sectionRef.current;
    if (!section || step === undefined) return;
    const active = document.activeElement;
    const lost = active === null || active === document.body;
    if (!lost && !section.contains(active)) return;
    section.querySelector<HTMLElement>(`[${STEP_HEADING_ATTRIBUTE}]`)?.focus();
  }, [sectionRef, step]);
}
