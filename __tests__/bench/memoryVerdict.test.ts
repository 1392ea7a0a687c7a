import { memoryVerdict } from '../../bench/memory';

const MB = 1024 * 1024;
const trial = (baseline: number, live: number, afterRetired: number) => ({
  baseline: baseline * MB,
  live: live * MB,
  afterRetired: afterRetired * MB,
});

describe('the memory goal’s verdict (within 5% of the heap at rest, on the median)', () => {
  it('is met when what the flows added is freed', () => {
    expect(memoryVerdict([trial(73.4, 90, 74.2)], 5)).toBe('met');
  });

  it('is missed when much of what the flows added stays', () => {
    expect(memoryVerdict([trial(73.4, 90, 88)], 5)).toBe('**missed**');
  });

  it('does not read met when the flows add less than the goal: keeping them all would pass', () => {
    // 1,000 flows in the last results: 73.3 MB at rest, 75.9 MB live; none freed is +3.5%.
    const verdict = memoryVerdict([trial(73.3, 75.9, 75.9)], 5);
    expect(verdict).not.toBe('met');
    expect(verdict).toMatch(/not measured/);
  });
});
