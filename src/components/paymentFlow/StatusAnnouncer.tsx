import type { ShownStatus } from '../ui/messages.js';
import { usePaymentFlowsUi } from '../ui/uiContext.js';
import { visuallyHidden } from '../visuallyHidden.js';

/**
 * Mounted with the flow and only its text changes, so screen readers announce each status
 * change and not the status the user is already looking at.
 */
export function StatusAnnouncer({ status }: { status: ShownStatus }) {
  const { messages } = usePaymentFlowsUi();
  return (
    <p
      role="status"
      aria-live="polite"
      aria-atomic="true"
      aria-label={messages.statusRegion}
      style={visuallyHidden}
    >
      {messages.statusText[status]}
    </p>
  );
}
