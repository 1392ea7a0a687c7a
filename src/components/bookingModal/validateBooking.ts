import type { BookingDraft, BookingType } from '../../payments/types.js';

export const MIN_DURATION_MINUTES = 15;
export const MAX_DURATION_MINUTES = 480;

/** The form's raw values, as the inputs hold them. */
export interface BookingFormValues {
  resourceId: string;
  /** A `datetime-local` value, read in the user's time zone. */
  start: string;
  durationMinutes: string;
  bookingType: BookingType;
}

export type BookingField = 'resourceId' | 'start' | 'durationMinutes';
/** Which message each invalid field shows (a key of the messages table). */
export type BookingErrorKey =
  | 'errorResourceRequired'
  | 'errorStartRequired'
  | 'errorStartInvalid'
  | 'errorStartInPast'
  | 'errorDuration';
export type BookingErrors = Partial<Record<BookingField, BookingErrorKey>>;

export type BookingValidation =
  { ok: true; draft: BookingDraft } | { ok: false; errors: BookingErrors };

export function parseDuration(value: string): number | undefined {
  const minutes = Number(value);
  return value.trim() !== '' &&
    Number.isInteger(minutes) &&
    minutes >= MIN_DURATION_MINUTES &&
    minutes <= MAX_DURATION_MINUTES
    ? minutes
    : undefined;
}

/** Pure: the same values and clock always give the same answer. */
export function validateBooking(values: BookingFormValues, now: number): BookingValidation {
  const errors: BookingErrors = {};
  if (values.resourceId === '') errors.resourceId = 'errorResourceRequired';

  const start = values.start === '' ? Number.NaN : new Date(values.start).getTime();
  if (values.start === '') errors.start = 'errorStartRequired';
  else if (Number.isNaN(start)) errors.start = 'errorStartInvalid';
  else if (start <= now) errors.start = 'errorStartInPast';

  const durationMinutes = parseDuration(values.durationMinutes);
  if (durationMinutes === undefined) {
    errors.durationMinutes = 'errorDuration';
  }

  if (Object.keys(errors).length > 0 || durationMinutes === undefined) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    draft: {
      resourceId: values.resourceId,
      start,
      durationMinutes,
      bookingType: values.bookingType,
    },
  };
}
