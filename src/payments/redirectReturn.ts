import { isSafeId } from './apiSchemas.js';

/** The query parameter that brings a flow back from 3-D Secure: only its flowId, no secret. */
export const RETURN_PARAM = 'payment_flow';

/** Where the 3-D Secure page sends the user back to: this page, naming the flow. */
export function returnPathFor(flowId: string, pathname: string): string {
  return `${pathname}?${RETURN_PARAM}=${encodeURIComponent(flowId)}`;
}

/**
 * Reads the returning flow's id and removes it from the address bar, so a later reload or a
 * shared link does not carry it. The flow itself resumes from storage like any other.
 */
export function takeReturnedFlowId(
  location: Pick<Location, 'href'>,
  history: Pick<History, 'replaceState' | 'state'>,
): string | undefined {
  const url = new URL(location.href);
  const flowId = url.searchParams.get(RETURN_PARAM);
  if (flowId === null) return undefined;
  url.searchParams.delete(RETURN_PARAM);
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  // Anyone can put anything in a URL: only a well-formed id is ever looked up.
  return isSafeId(flowId) ? flowId : undefined;
}
