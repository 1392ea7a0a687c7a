import { useLayoutEffect, useState } from 'react';
import { UserBookingModal } from '../react.js';
import { ActiveFlows } from './ActiveFlows.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { DEMO_RESOURCES } from './resources.js';
import { TestCards } from './TestCards.js';
import { applyTheme, DEMO_THEMES, initialTheme, isDemoTheme } from './themes.js';

/** The booking page: book a room, watch every flow, reopen one, learn the test cards. */
export function DemoApp({ returnedFlowId }: { returnedFlowId?: string | undefined }) {
  const [open, setOpen] = useState(returnedFlowId !== undefined);
  const [flowId, setFlowId] = useState(returnedFlowId);
  const [theme, setTheme] = useState(initialTheme);
  useLayoutEffect(() => {
    applyTheme(theme);
  }, [theme]);

  function openOn(id: string | undefined): void {
    setFlowId(id);
    setOpen(true);
  }

  return (
    <div className="demo">
      <header className="demo-header">
        <p className="demo-brand">Harbour Rooms</p>
        <div className="demo-header-tools">
          <label>
            Theme{' '}
            <select
              value={theme}
              onChange={(event) => {
                if (isDemoTheme(event.target.value)) setTheme(event.target.value);
              }}
            >
              {Object.entries(DEMO_THEMES).map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <ConnectionIndicator />
        </div>
      </header>
      <main className="demo-main">
        <section className="demo-hero" aria-labelledby="page-heading">
          <h1 id="page-heading">Book a room</h1>
          <p>
            A demo of payment-flows: a booking with payment that survives reloads, dropped sockets
            and double clicks. Nothing is charged; the payment processor is simulated.
          </p>
          <button
            type="button"
            className="pf-button pf-button--primary"
            onClick={() => {
              openOn(undefined);
            }}
          >
            New booking
          </button>
        </section>
        <div className="demo-columns">
          <ActiveFlows onOpen={openOn} />
          <TestCards />
        </div>
      </main>
      <UserBookingModal
        open={open}
        onClose={() => {
          setOpen(false);
        }}
        resources={DEMO_RESOURCES}
        {...(flowId === undefined ? {} : { flowId })}
        onFlowStarted={setFlowId}
      />
    </div>
  );
}
