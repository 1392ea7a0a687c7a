import { useEffect, useLayoutEffect } from 'react';

/**
 * `useLayoutEffect` where there is a DOM; `useEffect` in a server render, where no effect runs
 * and React 18 warns on every layout effect ("useLayoutEffect does nothing on the server").
 */
export const useClientLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;
