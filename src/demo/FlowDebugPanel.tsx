import type { Action } from '@reduxjs/toolkit';
import { exportDebugReport, selectFlowTimeline } from '../index.js';
import { usePaymentsSelector, usePaymentsStore } from '../react.js';

const timeOf = (at: number) => new Date(at).toLocaleTimeString();

/** Saves the report as `payment-flow-<flowId>.json`, through a link the browser downloads. */
function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has handed the file to the browser.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 0);
}

/**
 * For developers and support: a flow's timeline (each status change, its cause, time, server
 * seq and attempt) and its sanitized debug report, with the page's action log for a replay.
 */
export function FlowDebugPanel({
  flowId,
  label,
  actions,
}: {
  flowId: string;
  /** What the flow is, for the button's accessible name: there is one per flow. */
  label: string;
  actions?: () => readonly Action[];
}) {
  const timeline = usePaymentsSelector((state) => selectFlowTimeline(state, flowId));
  const store = usePaymentsStore();
  return (
    <details className="demo-debug">
      <summary>Timeline ({timeline.length})</summary>
      {timeline.length === 0 ? (
        <p className="demo-muted">No status changes yet.</p>
      ) : (
        <ol className="demo-timeline">
          {timeline.map((step, index) => (
            <li key={index}>
              <span>
                {step.from} → {step.to}
              </span>{' '}
              <span className="demo-muted">
                {step.cause},{' '}
                <time dateTime={new Date(step.at).toISOString()}>{timeOf(step.at)}</time>, seq{' '}
                {step.serverSeq ?? '?'}, attempt {step.attempt ?? '?'}
              </span>
            </li>
          ))}
        </ol>
      )}
      <button
        type="button"
        className="pf-button pf-button--secondary"
        aria-label={`Download debug report for ${label}`}
        onClick={() => {
          const report = exportDebugReport(store.getState(), flowId, {
            ...(actions ? { actions: actions() } : {}),
          });
          download(`payment-flow-${flowId}.json`, JSON.stringify(report, null, 2));
        }}
      >
        Download debug report
      </button>
    </details>
  );
}
