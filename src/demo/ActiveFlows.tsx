import { selectAllFlows } from '../index.js';
import {
  shownStatusOf,
  usePaymentFlowsUi,
  usePaymentsSelector,
  type ShownStatus,
} from '../react.js';
import { demoActionLog } from './actionLog.js';
import { useFinishedBookings } from './finishedBookings.js';
import { FlowDebugPanel } from './FlowDebugPanel.js';
import { DEMO_RESOURCES } from './resources.js';

const nameOf = (resourceId: string) =>
  DEMO_RESOURCES.find((resource) => resource.id === resourceId)?.name ?? resourceId;

interface Row {
  flowId: string;
  resourceId: string;
  start: number;
  status: ShownStatus;
  /** The store still has the flow: it can be reopened. */
  live: boolean;
}

/**
 * Every flow in the store, with its status in words: closing the modal never loses one. The
 * bookings this tab finished stay listed after a reload, from the demo's own memory.
 */
export function ActiveFlows({ onOpen }: { onOpen: (flowId: string) => void }) {
  const flows = usePaymentsSelector(selectAllFlows);
  const finished = useFinishedBookings(flows);
  const { messages, formatDateTime } = usePaymentFlowsUi();
  const inStore = new Set(flows.map((flow) => flow.flowId));
  const rows: Row[] = [
    ...flows.map((flow) => ({
      ...flow.booking,
      flowId: flow.flowId,
      status: shownStatusOf(flow),
      live: true,
    })),
    ...finished
      .filter((booking) => !inStore.has(booking.flowId))
      .map((booking) => ({ ...booking, live: false })),
  ];
  return (
    <section aria-labelledby="flows-heading" className="demo-card">
      <h2 id="flows-heading">Your bookings</h2>
      {rows.length === 0 ? (
        <p className="demo-muted">No bookings yet.</p>
      ) : (
        <ul className="flows">
          {rows.map((row) => (
            <li key={row.flowId}>
              <span>
                {nameOf(row.resourceId)}, {formatDateTime(row.start)}
              </span>
              <strong
                className={`demo-status demo-status-${row.status}`}
                data-testid="flow-status"
                data-status={row.status}
              >
                {messages.statusLabel[row.status]}
              </strong>
              {row.live && (
                <button
                  type="button"
                  className="pf-button pf-button--secondary"
                  onClick={() => {
                    onOpen(row.flowId);
                  }}
                >
                  Open
                </button>
              )}
              {row.live && (
                <FlowDebugPanel
                  flowId={row.flowId}
                  label={`${nameOf(row.resourceId)}, ${formatDateTime(row.start)}`}
                  actions={demoActionLog.actions}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
