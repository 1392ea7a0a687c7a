import { useId, useState, type SubmitEvent } from 'react';
import type { BookingDraft } from '../../payments/types.js';
import { usePaymentFlowsUi } from '../ui/uiContext.js';
import { FieldError } from './FieldError.js';
import { fieldA11y } from './fieldA11y.js';
import { PriceEstimate } from './PriceEstimate.js';
import {
  MAX_DURATION_MINUTES,
  MIN_DURATION_MINUTES,
  validateBooking,
  type BookingErrors,
  type BookingField,
  type BookingFormValues,
} from './validateBooking.js';

export interface BookingResource {
  id: string;
  name: string;
}

interface BookingFormProps {
  resources: readonly BookingResource[];
  now: () => number;
  onConfirm: (draft: BookingDraft) => void;
}

const INITIAL: BookingFormValues = {
  resourceId: '',
  start: '',
  durationMinutes: '60',
  bookingType: 'FIRM',
};

/** What to book. Errors appear after the first Confirm, then follow every edit. */
export function BookingForm({ resources, now, onConfirm }: BookingFormProps) {
  const prefix = useId();
  const ids: Record<BookingField, string> = {
    resourceId: `${prefix}-resource`,
    start: `${prefix}-start`,
    durationMinutes: `${prefix}-duration`,
  };
  const [values, setValues] = useState(INITIAL);
  const [errors, setErrors] = useState<BookingErrors>({});
  const [attempted, setAttempted] = useState(false);
  const { messages, cx } = usePaymentFlowsUi();
  const errorText = (field: BookingField): string | undefined => {
    const key = errors[field];
    if (key === undefined) return undefined;
    return key === 'errorDuration'
      ? messages.errorDuration(MIN_DURATION_MINUTES, MAX_DURATION_MINUTES)
      : messages[key];
  };

  function update(patch: Partial<BookingFormValues>): void {
    const next = { ...values, ...patch };
    setValues(next);
    if (attempted) {
      const result = validateBooking(next, now());
      setErrors(result.ok ? {} : result.errors);
    }
  }

  function submit(event: SubmitEvent<HTMLFormElement>): void {
    event.preventDefault();
    setAttempted(true);
    const result = validateBooking(values, now());
    if (!result.ok) {
      setErrors(result.errors);
      const firstInvalid = (Object.keys(ids) as BookingField[]).find((f) => result.errors[f]);
      if (firstInvalid) document.getElementById(ids[firstInvalid])?.focus();
      return;
    }
    setErrors({});
    onConfirm(result.draft);
  }

  return (
    <form noValidate onSubmit={submit} className={cx('form')}>
      <label htmlFor={ids.resourceId}>{messages.resourceLabel}</label>
      <select
        {...fieldA11y(ids.resourceId, errorText('resourceId'))}
        value={values.resourceId}
        onChange={(event) => {
          update({ resourceId: event.target.value });
        }}
      >
        <option value="">{messages.resourcePlaceholder}</option>
        {resources.map((resource) => (
          <option key={resource.id} value={resource.id}>
            {resource.name}
          </option>
        ))}
      </select>
      <FieldError fieldId={ids.resourceId} message={errorText('resourceId')} />

      <label htmlFor={ids.start}>{messages.startLabel}</label>
      <input
        {...fieldA11y(ids.start, errorText('start'))}
        type="datetime-local"
        value={values.start}
        onChange={(event) => {
          update({ start: event.target.value });
        }}
      />
      <FieldError fieldId={ids.start} message={errorText('start')} />

      <label htmlFor={ids.durationMinutes}>{messages.durationLabel}</label>
      <input
        {...fieldA11y(ids.durationMinutes, errorText('durationMinutes'))}
        type="number"
        min={MIN_DURATION_MINUTES}
        max={MAX_DURATION_MINUTES}
        step={15}
        value={values.durationMinutes}
        onChange={(event) => {
          update({ durationMinutes: event.target.value });
        }}
      />
      <FieldError fieldId={ids.durationMinutes} message={errorText('durationMinutes')} />

      <fieldset className={cx('choices')}>
        <legend>{messages.bookingTypeLegend}</legend>
        <label>
          <input
            type="radio"
            name={`${prefix}-type`}
            checked={values.bookingType === 'FIRM'}
            onChange={() => {
              update({ bookingType: 'FIRM' });
            }}
          />
          {messages.bookingTypeFirm}
        </label>
        <label>
          <input
            type="radio"
            name={`${prefix}-type`}
            checked={values.bookingType === 'TENTATIVE'}
            onChange={() => {
              update({ bookingType: 'TENTATIVE' });
            }}
          />
          {messages.bookingTypeTentative}
        </label>
      </fieldset>

      <PriceEstimate durationMinutes={values.durationMinutes} bookingType={values.bookingType} />
      <div className={cx('actions')}>
        <button type="submit" className={cx('button', 'buttonPrimary')}>
          {messages.confirmBooking}
        </button>
      </div>
    </form>
  );
}
