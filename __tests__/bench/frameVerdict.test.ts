import { frameVerdict } from '../../bench/writeCost';

describe('a storage write’s cost against one frame (16 ms), on the median', () => {
  it('is met by a median within the frame, whatever the slowest trial', () => {
    expect(frameVerdict([6.9, 5.2, 7.4, 30, 6])).toBe('met');
  });

  it('is missed by a median over the frame (10,000 flows: 65 ms per write)', () => {
    expect(frameVerdict([64.6, 63.8, 68.7, 65, 64])).toBe('**missed**');
  });

  it('is never met without trials', () => {
    expect(frameVerdict([])).not.toBe('met');
  });
});
