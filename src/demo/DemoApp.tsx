import { useState } from 'react';
import { UserBookingModal } from '../react.js';
import { ActiveFlows } from './ActiveFlows.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { DEMO_RESOURCES } from './resources.js';
import { TestCards } from './TestCards.js';

/** The booking page: book a room, watch every flow, reopen one, learn the test cards. */
export function DemoApp({ returnedFlowId }: { returnedFlowId?: string | undefined }) {
  const [open, setOpen] = useState(returnedFlowId !== undefined);
  const [flowId, setFlowId] = useState(returnedFlowId);

  function openOn(id: string | undefined): void {
    setFlowId(id);
    setOpen(true);
  }

  return (
    <main className="demo">
      <header>
        <h1>Book a room</h1>
        <ConnectionIndicator />
      </header>
      <p>
        A demo of payment-flows: a booking with payment that survives reloads, dropped sockets and
        double clicks. Nothing is charged; the payment processor is simulated.
      </p>
      <button
        type="button"
        onClick={() => {
          openOn(undefined);
        }}
      >
        New booking
      </button>
      <ActiveFlows onOpen={openOn} />
      <TestCards />
      <UserBookingModal
        open={open}
        onClose={() => {
          setOpen(false);
        }}
        resources={DEMO_RESOURCES}
        {...(flowId === undefined ? {} : { flowId })}
        onFlowStarted={setFlowId}
      />
    </main>
  );
}
