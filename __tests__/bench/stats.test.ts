import { formatRange, median, percentile } from '../../bench/stats';

describe('the bench’s median', () => {
  it('is the middle value of an odd count', () => {
    expect(median([30, 10, 20])).toBe(20);
  });

  it('is the mean of the two middle values of an even count, not the lower one', () => {
    expect(median([40, 10, 30, 20])).toBe(25);
    expect(median([1, 100])).toBe(50.5);
  });

  it('is NaN for no values', () => {
    expect(median([])).toBeNaN();
  });

  it('leaves the nearest-rank percentiles (latency p50/p99) as they were', () => {
    expect(percentile([40, 10, 30, 20], 50)).toBe(20);
    expect(percentile([40, 10, 30, 20], 100)).toBe(40);
  });

  it('prints median [min–max] in that order', () => {
    expect(formatRange([3, 1, 2, 4], (value) => String(value))).toBe('2.5 [1–4]');
  });
});
