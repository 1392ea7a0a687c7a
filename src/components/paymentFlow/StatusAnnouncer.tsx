import type { FlowStatus } from '../../payments/statusMachine.js';
import { visuallyHidden } from '../visuallyHidden.js';
import { STATUS_TEXT } from './statusText.js';

/**
 * Mounted with the flow and only its text changes, so screen readers announce each status
 * change and not the status the user is already looking at.
 */
export function StatusAnnouncer({ status }: { status: FlowStatus }) {
  return (
    <p
      role="status"
      aria-live="polite"
      aria-atomic="true"
      aria-label="Payment status"
      style={visuallyHidden}
    >
      {STATUS_TEXT[status]}
    </p>
  );
}
