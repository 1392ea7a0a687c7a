import { ProgressStep } from './ProgressStep.js';

/** The steps in which the server or the bank has the next move. */

export function CreatingBookingStep() {
  return <ProgressStep title="Creating your booking…" />;
}

export function ProcessingStep() {
  return (
    <ProgressStep title="Processing your payment…">
      <p>This page updates by itself. You can close it: the payment carries on.</p>
    </ProgressStep>
  );
}

export function ReconcilingStep() {
  return (
    <ProgressStep title="Checking the payment status with the bank…">
      <p>Please do not pay again. This page updates as soon as the bank answers.</p>
    </ProgressStep>
  );
}

export function CancellingStep() {
  return (
    <ProgressStep title="Cancelling your booking…">
      <p>
        Waiting for the booking system to confirm. Please do not pay for this booking meanwhile.
      </p>
    </ProgressStep>
  );
}
