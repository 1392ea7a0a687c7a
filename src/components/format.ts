/**
 * mm:ss, rounding up, so a hold never shows 00:00 while time is left; the digits are the
 * locale's (`Intl`), the layout stays mm:ss.
 */
export function formatCountdown(remainingMs: number, locale?: string): string {
  const seconds = Math.max(0, Math.ceil(remainingMs / 1000));
  const twoDigits = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
  return `${twoDigits.format(Math.floor(seconds / 60))}:${twoDigits.format(seconds % 60)}`;
}
