import type { Money } from '../payments/types.js';

/** A fixed locale, so amounts read the same for every user and in every test. */
export function formatMoney(money: Money): string {
  return new Intl.NumberFormat('en-IE', { style: 'currency', currency: money.currency }).format(
    money.value / 100,
  );
}

/** mm:ss, rounding up, so a hold never shows 00:00 while time is left. */
export function formatCountdown(remainingMs: number): string {
  const seconds = Math.max(0, Math.ceil(remainingMs / 1000));
  const mm = String(Math.floor(seconds / 60)).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return `${mm}:${ss}`;
}
