/** Small statistics for noisy trials: medians, percentiles and paired ratios. */

/**
 * The middle value; for an even count, the mean of the two middle ones. The nearest-rank
 * percentile would return the lower of the two, a median biased toward the faster trials
 * (4 trials of 10, 20, 30, 40 ms gave 20 ms, not 25 ms).
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  if (sorted.length % 2 === 1) return upper;
  return ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

/** Nearest-rank percentile (p in 0..100); NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

/** The median of per-trial ratios: trials run side by side, so each pair shares the noise. */
export function medianRatio(
  numerators: readonly number[],
  denominators: readonly number[],
): number {
  return median(pairedRatios(numerators, denominators));
}

export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return 'n/a';
  if (perSecond >= 1_000_000) return `${(perSecond / 1_000_000).toFixed(2)} M/s`;
  if (perSecond >= 1_000) return `${(perSecond / 1_000).toFixed(1)} k/s`;
  return `${perSecond.toFixed(0)}/s`;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`;
}

export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : 'n/a';
}

/** Median [min–max]: every bench figure is shown with its spread. */
export function formatRange(values: readonly number[], format: (value: number) => string): string {
  return `${format(median(values))} [${format(Math.min(...values))}–${format(Math.max(...values))}]`;
}

export const formatMsRange = (values: readonly number[]): string => formatRange(values, formatMs);

/** Paired ratios (each trial's numerator over its own denominator), for their spread. */
export const pairedRatios = (numerators: readonly number[], denominators: readonly number[]) =>
  numerators.map((value, index) => value / (denominators[index] ?? Number.NaN));
