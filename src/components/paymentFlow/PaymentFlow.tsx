import { canCancel, holdCanExpire } from '../../payments/statusMachine.js';
import { useCommandGate } from '../hooks/useCommandGate.js';
import { usePaymentFlow } from '../hooks/usePaymentFlow.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { FlowStep } from './FlowStep.js';
import { HoldCountdown } from './HoldCountdown.js';
import { StatusAnnouncer } from './StatusAnnouncer.js';

export interface PaymentFlowProps {
  flowId: string;
  /**
   * Sends the user to the bank's 3-D Secure page. By default the store does it
   * (`redirectRequested`): it saves the flow first, then calls its `navigate` option, which
   * defaults to `window.location.assign`. A host that passes its own must persist the flow itself.
   */
  onRedirect?: (url: string) => void | Promise<void>;
}

/** The payment step of one flow, rendered entirely from the store. */
export function PaymentFlow({ flowId, onRedirect }: PaymentFlowProps) {
  const { flow, connectionStatus, submitPayment, retry, cancel, redirect } = usePaymentFlow(flowId);
  const gate = useCommandGate(`${flowId}@${String(flow?.updatedAt)}`);

  if (!flow) {
    return (
      <section aria-label="Payment" className="payment-flow">
        <p role="alert">This payment could not be found.</p>
      </section>
    );
  }
  const holdExpiresAt = holdCanExpire(flow) ? flow.holdExpiresAt : undefined;

  return (
    <section aria-label="Payment" className="payment-flow">
      <ConnectionBanner status={connectionStatus} />
      <StatusAnnouncer status={flow.status} />
      <FlowStep
        flow={flow}
        busy={gate.busy}
        onPay={(paymentMethodId) => {
          gate.run(() => {
            submitPayment(paymentMethodId);
          });
        }}
        onRetry={() => {
          gate.run(retry);
        }}
        onRedirect={(url) => {
          gate.run(onRedirect ? () => onRedirect(url) : redirect);
        }}
      />
      {holdExpiresAt !== undefined && <HoldCountdown expiresAt={holdExpiresAt} />}
      {canCancel(flow) && (
        <button
          type="button"
          disabled={gate.busy}
          onClick={() => {
            gate.run(cancel);
          }}
        >
          Cancel booking
        </button>
      )}
    </section>
  );
}
