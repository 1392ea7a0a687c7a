import { ChooseMethodStep } from './steps/ChooseMethodStep.js';
import { FailedStep } from './steps/FailedStep.js';
import { CancelledStep, ExpiredStep, SucceededStep } from './steps/outcomeSteps.js';
import { RequiresActionStep } from './steps/RequiresActionStep.js';
import type { StepProps } from './steps/stepProps.js';
import {
  CancellingStep,
  CreatingBookingStep,
  ProcessingStep,
  ReconcilingStep,
} from './steps/waitingSteps.js';

/** The one view for the flow's current status. */
export function FlowStep(props: StepProps) {
  switch (props.flow.status) {
    case 'draft':
    case 'creatingBooking':
      return <CreatingBookingStep />;
    case 'awaitingPayment':
      return <ChooseMethodStep {...props} />;
    case 'confirmingPayment':
      return <ChooseMethodStep {...props} confirming />;
    case 'requiresAction':
      return <RequiresActionStep {...props} />;
    case 'processing':
      return <ProcessingStep />;
    case 'succeeded':
      return <SucceededStep flow={props.flow} resources={props.resources} />;
    case 'failed':
      return <FailedStep {...props} />;
    case 'cancelled':
      return <CancelledStep />;
    case 'expired':
      return <ExpiredStep flow={props.flow} />;
    case 'reconciling':
      return <ReconcilingStep />;
    case 'cancelling':
      return <CancellingStep />;
  }
}
