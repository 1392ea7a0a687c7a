import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import type { BookingDraft } from '../../payments/types.js';
import { useStartPayment } from '../hooks/useStartPayment.js';
import { useStartedFlowId, type StartedFlow } from '../hooks/useStartedFlowId.js';
import { PaymentFlow } from '../paymentFlow/PaymentFlow.js';
import { usePaymentFlowsUi } from '../ui/uiContext.js';
import { BookingForm, type BookingResource } from './BookingForm.js';
import { focusablesIn, useDialogFocus } from './useDialogFocus.js';
import { useInertBackground } from './useInertBackground.js';
import { useClientLayoutEffect } from '../hooks/useClientLayoutEffect.js';

export interface UserBookingModalProps {
  open: boolean;
  /** Only hides the dialog: a payment under way goes on, and `flowId` reopens it. */
  onClose: () => void;
  resources: readonly BookingResource[];
  /**
   * Reopen on this flow instead of a new form. One the store no longer holds (finished and
   * retired) says so, and offers a new booking in the same dialog.
   */
  flowId?: string;
  /** Told the id of the flow a Confirm started (or found), so the host can reopen it later. */
  onFlowStarted?: (flowId: string) => void;
  /** Epoch ms clock for validating the start time; defaults to Date.now. */
  now?: () => number;
}

/** A booking dialog: the form, then the payment step of the flow it started. */
export function UserBookingModal({ open, ...props }: UserBookingModalProps) {
  // Mounted only while open, so every opening starts fresh and restores focus when it ends.
  // The dialog is portalled to <body>: on a server (and while hydrating) it renders nothing.
  const hasDom = useSyncExternalStore(noSubscription, isClient, isServer);
  return open && hasDom ? <BookingDialog {...props} /> : null;
}

const noSubscription = () => () => undefined;
const isClient = () => true;
const isServer = () => false;

function BookingDialog({
  onClose,
  resources,
  flowId,
  onFlowStarted,
  now = Date.now,
}: Omit<UserBookingModalProps, 'open'>) {
  const headingId = useId();
  const layerRef = useRef<HTMLDivElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const { messages, cx } = usePaymentFlowsUi();
  const startPayment = useStartPayment();
  const [started, setStarted] = useState<StartedFlow>();
  const startedFlowId = useStartedFlowId(started);
  // The flow the started one gave way to is found through the draft's index only while it is
  // active: once it ends it leaves the index, and the dialog fell back to the started flow,
  // long gone ("This payment could not be found." over the success). So it becomes the started one.
  if (started && startedFlowId !== undefined && startedFlowId !== started.flowId) {
    setStarted({ flowId: startedFlowId, draft: started.draft });
  }
  // The host's flow may have been retired while the dialog was closed: its not-found view offers
  // a new booking, and the dialog then shows the form instead (told the new flow on Confirm).
  const [formInstead, setFormInstead] = useState(false);
  const shownFlowId = startedFlowId ?? (formInstead ? undefined : flowId);
  useInertBackground(layerRef);
  useDialogFocus(dialogRef, onClose, bodyRef);

  useEffect(() => {
    // The confirmed form unmounts with focus on it, as does "Start a new booking" when the form
    // takes its place; keep focus inside the dialog, on the form's first field for the latter.
    const dialog = dialogRef.current;
    const body = bodyRef.current;
    if (!dialog || !body || dialog.contains(document.activeElement)) return;
    ((shownFlowId === undefined ? focusablesIn(body)[0] : undefined) ?? dialog).focus();
  }, [shownFlowId]);

  // The host keeps the id it was told to reopen the dialog on: when the started flow gives way to
  // another tab's flow for the same draft, the host is told that one too.
  const onFlowStartedRef = useRef(onFlowStarted);
  useClientLayoutEffect(() => {
    onFlowStartedRef.current = onFlowStarted;
  });
  const toldFlowId = useRef<string>(undefined);
  useEffect(() => {
    if (startedFlowId === undefined || startedFlowId === toldFlowId.current) return;
    toldFlowId.current = startedFlowId;
    onFlowStartedRef.current?.(startedFlowId);
  }, [startedFlowId]);

  function startNewBooking(): void {
    setStarted(undefined);
    setFormInstead(true);
  }

  // A second click never reaches here: the form unmounts on the first, and the store would
  // absorb a second start of the same draft anyway.
  function confirm(draft: BookingDraft): void {
    const id = startPayment(draft);
    setStarted({ flowId: id, draft });
    toldFlowId.current = id;
    onFlowStarted?.(id);
  }

  return createPortal(
    <div ref={layerRef} className={cx('backdrop')}>
      <div
        ref={dialogRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        tabIndex={-1}
        className={cx('modal')}
      >
        {/* Close only hides the dialog; it sits apart from the flow's own (destructive) Cancel. */}
        <header className={cx('modalHeader')}>
          <h2 id={headingId} className={cx('modalTitle')}>
            {messages.modalTitle}
          </h2>
          <button type="button" className={cx('button', 'buttonSecondary')} onClick={onClose}>
            {messages.close}
          </button>
        </header>
        <div ref={bodyRef}>
          {shownFlowId === undefined ? (
            <BookingForm resources={resources} now={now} onConfirm={confirm} />
          ) : (
            <PaymentFlow
              flowId={shownFlowId}
              resources={resources}
              onStartNewBooking={startNewBooking}
            />
          )}
        </div>
      </div>
    </div>,
    document.body,
  );
}
