import type { StepProps } from './stepProps.js';

/** 3-D Secure: the bank's page takes over; its answer comes back as a status update. */
export function RequiresActionStep({ flow, busy, onRedirect }: StepProps) {
  const url = flow.nextAction?.url;
  return (
    <div className="payment-step">
      <h3>Confirm with your bank</h3>
      <p>Your bank asks you to confirm this payment on its own page.</p>
      <button
        type="button"
        disabled={busy || url === undefined}
        onClick={() => {
          if (url !== undefined) onRedirect(url);
        }}
      >
        Continue to 3-D Secure
      </button>
    </div>
  );
}
