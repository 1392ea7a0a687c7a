import { useId, useRef, useState } from 'react';
import { canCancel, holdCanExpire } from '../../payments/statusMachine.js';
import type { BookingResource } from '../bookingModal/BookingForm.js';
import { useCommandGate } from '../hooks/useCommandGate.js';
import { usePaymentFlow } from '../hooks/usePaymentFlow.js';
import { shownStatusOf } from '../ui/messages.js';
import { usePaymentFlowsUi } from '../ui/uiContext.js';
import { CancelBooking } from './CancelBooking.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { FlowStep } from './FlowStep.js';
import { HoldCountdown } from './HoldCountdown.js';
import { StatusAnnouncer } from './StatusAnnouncer.js';
import { useStepFocus } from './useStepFocus.js';

export interface PaymentFlowProps {
  flowId: string;
  /**
   * Sends the user to the bank's 3-D Secure page. By default the store does it
   * (`redirectRequested`): it saves the flow first, then calls its `navigate` option, which
   * defaults to `window.location.assign`. A host that passes its own must persist the flow itself.
   */
  onRedirect?: (url: string) => void | Promise<void>;
  /** Names the booked resource on the success view; without it, the resource id is shown. */
  resources?: readonly BookingResource[];
  /**
   * Offered as "Start a new booking" when the store holds no flow with this id (most often one
   * that finished and was retired after `retentionMs`). Without it, the view only says so.
   */
  onStartNewBooking?: () => void;
}

/** The payment step of one flow, rendered entirely from the store. */
export function PaymentFlow(props: PaymentFlowProps) {
  // A view per flow: a host that points the same <PaymentFlow> at another flow must not carry
  // over what the user did in the last one (a "Cancel this booking?" whose Yes would now cancel
  // this booking, a card chosen there preselected here even after this flow's decline).
  return <FlowView key={props.flowId} {...props} />;
}

function FlowView({ flowId, onRedirect, resources, onStartNewBooking }: PaymentFlowProps) {
  const { flow, submitPayment, retry, cancel, redirect } = usePaymentFlow(flowId);
  const gate = useCommandGate(`${flowId}@${String(flow?.updatedAt)}`);
  const { messages, cx } = usePaymentFlowsUi();
  const sectionRef = useRef<HTMLElement>(null);
  // While "Cancel this booking?" waits for an answer, the step's own actions (Pay) wait too.
  const [askingCancel, setAskingCancel] = useState(false);
  useStepFocus(sectionRef, flow?.status);

  if (!flow) {
    return (
      <section ref={sectionRef} aria-label={messages.paymentRegion} className={cx('flow')}>
        <FlowNotFound onStartNewBooking={onStartNewBooking} />
      </section>
    );
  }
  const holdExpiresAt = holdCanExpire(flow) ? flow.holdExpiresAt : undefined;
  // The question ends with the Cancel it belongs to: once the flow has moved where it cannot be
  // cancelled, it must not come back (nor keep the next step's actions disabled) later.
  if (askingCancel && !canCancel(flow)) setAskingCancel(false);

  return (
    <section ref={sectionRef} aria-label={messages.paymentRegion} className={cx('flow')}>
      <ConnectionBanner />
      <StatusAnnouncer status={shownStatusOf(flow)} />
      <FlowStep
        flow={flow}
        busy={gate.busy || askingCancel}
        resources={resources}
        onPay={(paymentMethodId) => {
          gate.run(() => {
            submitPayment(paymentMethodId);
          });
        }}
        onRetry={() => {
          gate.run(retry);
        }}
        onRedirect={(url) => {
          if (onRedirect) {
            gate.run(() => onRedirect(url));
            return;
          }
          // Not through the gate: the store's redirect is its own (a request while one is being
          // prepared does nothing), and tells nothing when it ends. A host navigate that fails
          // leaves the flow in requiresAction to be tried again, which a gate held busy until
          // the flow changes would never let the user do.
          redirect();
        }}
      />
      {holdExpiresAt !== undefined && <HoldCountdown expiresAt={holdExpiresAt} />}
      {canCancel(flow) && (
        <CancelBooking
          busy={gate.busy}
          asking={askingCancel}
          onAskingChange={setAskingCancel}
          onCancel={() => {
            gate.run(cancel);
          }}
        />
      )}
    </section>
  );
}

/**
 * A flow the store does not hold: it finished and was retired, or was never known here. Never
 * a new form by itself: that payment may have gone through, and booking again could pay twice.
 */
function FlowNotFound({ onStartNewBooking }: Pick<PaymentFlowProps, 'onStartNewBooking'>) {
  const { messages, cx } = usePaymentFlowsUi();
  const hintId = useId();
  return (
    <>
      <p role="alert" className={cx('alert')}>
        {messages.paymentNotFound}
      </p>
      <p id={hintId}>{messages.paymentNotFoundHint}</p>
      {onStartNewBooking && (
        <div className={cx('actions')}>
          {/* Focus lands here as the dialog opens: the hint is read with it, before a new booking. */}
          <button
            type="button"
            className={cx('button', 'buttonPrimary')}
            aria-describedby={hintId}
            onClick={onStartNewBooking}
          >
            {messages.startNewBooking}
          </button>
        </div>
      )}
    </>
  );
}
