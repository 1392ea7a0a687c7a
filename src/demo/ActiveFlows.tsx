import { selectAllFlows } from '../index.js';
import { usePaymentsSelector } from '../react.js';
import { DEMO_RESOURCES } from './resources.js';

const nameOf = (resourceId: string) =>
  DEMO_RESOURCES.find((resource) => resource.id === resourceId)?.name ?? resourceId;

/** Every flow in the store, with its status: closing the modal never loses one. */
export function ActiveFlows({ onOpen }: { onOpen: (flowId: string) => void }) {
  const flows = usePaymentsSelector(selectAllFlows);
  if (flows.length === 0) return null;
  return (
    <section aria-labelledby="flows-heading">
      <h2 id="flows-heading">Your bookings</h2>
      <ul className="flows">
        {flows.map((flow) => (
          <li key={flow.flowId}>
            <span>
              {nameOf(flow.booking.resourceId)}, {new Date(flow.booking.start).toLocaleString()}:{' '}
              <strong data-testid="flow-status">{flow.status}</strong>
            </span>{' '}
            <button
              type="button"
              onClick={() => {
                onOpen(flow.flowId);
              }}
            >
              Open
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
