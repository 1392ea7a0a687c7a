import { useId, useState, type SubmitEvent } from 'react';
import type { BookingDraft } from '../../payments/types.js';
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
    <form noValidate onSubmit={submit} className="booking-form">
      <label htmlFor={ids.resourceId}>Resource</label>
      <select
        {...fieldA11y(ids.resourceId, errors.resourceId)}
        value={values.resourceId}
        onChange={(event) => {
          update({ resourceId: event.target.value });
        }}
      >
        <option value="">Choose a resource</option>
        {resources.map((resource) => (
          <option key={resource.id} value={resource.id}>
            {resource.name}
          </option>
        ))}
      </select>
      <FieldError fieldId={ids.resourceId} message={errors.resourceId} />

      <label htmlFor={ids.start}>Start</label>
      <input
        {...fieldA11y(ids.start, errors.start)}
        type="datetime-local"
        value={values.start}
        onChange={(event) => {
          update({ start: event.target.value });
        }}
      />
      <FieldError fieldId={ids.start} message={errors.start} />

      <label htmlFor={ids.durationMinutes}>Duration (minutes)</label>
      <input
        {...fieldA11y(ids.durationMinutes, errors.durationMinutes)}
        type="number"
        min={MIN_DURATION_MINUTES}
        max={MAX_DURATION_MINUTES}
        step={15}
        value={values.durationMinutes}
        onChange={(event) => {
          update({ durationMinutes: event.target.value });
        }}
      />
      <FieldError fieldId={ids.durationMinutes} message={errors.durationMinutes} />

      <fieldset>
        <legend>Booking type</legend>
        <label>
          <input
            type="radio"
            name={`${prefix}-type`}
            checked={values.bookingType === 'FIRM'}
            onChange={() => {
              update({ bookingType: 'FIRM' });
            }}
          />
          Firm (pay now)
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
          Tentative (no payment now)
        </label>
      </fieldset>

      <PriceEstimate durationMinutes={values.durationMinutes} bookingType={values.bookingType} />
      <button type="submit">Confirm booking</button>
    </form>
  );
}
