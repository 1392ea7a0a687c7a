/**
 * The stable, documented class names of every part the components render. The stylesheet
 * (`payment-flows/styles.css`) styles only these; a host adds its own classes per part through
 * `classNames`, or drops these with `unstyled`.
 */
export const PF_CLASS_NAMES = {
  backdrop: 'pf-backdrop',
  modal: 'pf-modal',
  modalHeader: 'pf-modal__header',
  modalTitle: 'pf-modal__title',
  form: 'pf-form',
  fieldError: 'pf-field-error',
  choices: 'pf-choices',
  price: 'pf-price',
  flow: 'pf-flow',
  step: 'pf-step',
  stepHeading: 'pf-step__heading',
  progress: 'pf-progress',
  alert: 'pf-alert',
  methods: 'pf-methods',
  method: 'pf-method',
  methodHint: 'pf-method__hint',
  summary: 'pf-summary',
  countdown: 'pf-countdown',
  banner: 'pf-banner',
  flowActions: 'pf-flow__actions',
  confirm: 'pf-confirm',
  actions: 'pf-actions',
  button: 'pf-button',
  buttonPrimary: 'pf-button--primary',
  buttonSecondary: 'pf-button--secondary',
  buttonDanger: 'pf-button--danger',
} as const;

export type PfPart = keyof typeof PF_CLASS_NAMES;

/** Extra classes per part, added after (or, with `unstyled`, instead of) the `pf-` ones. */
export type PaymentFlowsClassNames = Partial<Record<PfPart, string>>;

export function classesFor(
  parts: readonly PfPart[],
  extra: PaymentFlowsClassNames | undefined,
  unstyled: boolean,
): string | undefined {
  const names: string[] = [];
  for (const part of parts) {
    if (!unstyled) names.push(PF_CLASS_NAMES[part]);
    const own = extra?.[part];
    if (own !== undefined && own !== '') names.push(own);
  }
  return names.length === 0 ? undefined : names.join(' ');
}
