import { sustainedWritesVerdict } from '../../bench/storageWrites';

describe('the storage-write goal under sustained load (one write per throttle window)', () => {
  it('is met by one write per window in every trial, one late timer allowed', () => {
    expect(sustainedWritesVerdict(500, [2_000, 2_010], [4, 3])).toBe('met');
  });

  it('is missed by a throttle that writes more often than once per window', () => {
    expect(sustainedWritesVerdict(500, [2_000, 2_000], [4, 20])).toBe('**missed**');
  });

  it('is missed by a debounce that does not write while the load lasts', () => {
    expect(sustainedWritesVerdict(500, [2_000], [0])).toBe('**missed**');
  });

  it('cannot be met by a load shorter than two windows, which tells nothing', () => {
    // 0 writes in 54 ms at a 500 ms throttle is all a working throttle and a broken one give.
    expect(sustainedWritesVerdict(500, [54], [0])).toMatch(/not measured/);
    expect(sustainedWritesVerdict(500, [2_000, 900], [4, 1])).toMatch(/not measured/);
    expect(sustainedWritesVerdict(500, [], [])).toBe('**missed**');
  });

  it('has no goal unthrottled', () => {
    expect(sustainedWritesVerdict(0, [2_000], [700])).toBe('');
  });
});
