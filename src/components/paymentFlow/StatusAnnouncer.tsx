import type { FlowStatus } from '../../payments/statusMachine.js';
import { usePaymentFlowsUi } from '../ui/uiContext.js';
import { visuallyHidden } from '../visuallyHidden.js';

/**
 * Mounted with the flow and only its text changes, so screen readers announce each status
 * change and not the status the user is already looking at.
 */
export function StatusAnnouncer({ status }: { status: FlowStatus }) {
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
