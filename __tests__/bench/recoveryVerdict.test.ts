import { recoveryVerdict } from '../../bench/persistenceSections';

describe('the recovery goal’s verdict (< 20 ms at 1,000 flows, on the median)', () => {
  it('is printed at 1,000 flows, met or missed by the median, not by the best trial', () => {
    expect(recoveryVerdict(1_000, [12, 15, 19, 30, 60])).toBe('met');
    expect(recoveryVerdict(1_000, [12, 15, 25, 30, 60])).toBe('**missed**');
  });

  it('is left out at the sizes the goal does not name', () => {
    expect(recoveryVerdict(100, [50])).toBe('');
  });
});
