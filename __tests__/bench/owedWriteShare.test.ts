import { owedWriteShare } from '../../bench/throughput';

describe('the share of a storage write a store burst owes (one per throttle window)', () => {
  it('owes most of a write when shorter than the throttle and none fired inside', () => {
    expect(owedWriteShare(430, 500, 0)).toBeCloseTo(0.86);
  });

  it('owes only the part of a window not covered by the writes inside', () => {
    expect(owedWriteShare(600, 500, 1)).toBeCloseTo(0.2);
  });

  it('owes nothing more when the writes inside already cover it, and never more than one', () => {
    expect(owedWriteShare(499, 500, 1)).toBe(0);
    expect(owedWriteShare(5_000, 500, 2)).toBe(1);
  });

  it('owes nothing unthrottled: every write was inside', () => {
    expect(owedWriteShare(430, 0, 0)).toBe(0);
  });
});
