import { usePaymentFlowsUi } from '../../ui/uiContext.js';
import { ProgressStep } from './ProgressStep.js';

/** The steps in which the server or the bank has the next move. */

export function CreatingBookingStep() {
  const { messages } = usePaymentFlowsUi();
  return <ProgressStep title={messages.creatingHeading} />;
}

export function ProcessingStep() {
  const { messages } = usePaymentFlowsUi();
  return (
    <ProgressStep title={messages.processingHeading}>
      <p>{messages.processingHint}</p>
    </ProgressStep>
  );
}

export function ReconcilingStep() {
  const { messages } = usePaymentFlowsUi();
  return (
    <ProgressStep title={messages.reconcilingHeading}>
      <p>{messages.reconcilingHint}</p>
    </ProgressStep>
  );
}

export function CancellingStep() {
  const { messages } = usePaymentFlowsUi();
  return (
    <ProgressStep title={messages.cancellingHeading}>
      <p>{messages.cancellingHint}</p>
    </ProgressStep>
  );
}
