import { createHoldWheel } from '../../../src/payments/sagas/holdWheel';

describe('the hold wheel', () => {
  it('gives back deadlines earliest first, only those due, however they were added', () => {
    const wheel = createHoldWheel();
    const deadlines = Array.from({ length: 200 }, (_, i) => ({
      flowId: `f${i}`,
      at: (i * 7919) % 1000,
    }));
    for (const deadline of deadlines) wheel.add(deadline);

    const due = wheel.takeDue(499);

    expect(due.map((d) => d.at)).toEqual(
      deadlines
        .map((d) => d.at)
        .filter((at) => at <= 499)
        .sort((a, b) => a - b),
    );
    expect(wheel.size).toBe(deadlines.filter((d) => d.at > 499).length);
    expect(wheel.nextAt()).toBe(Math.min(...deadlines.map((d) => d.at).filter((at) => at > 499)));
    const left = wheel.size;
    expect(wheel.takeDue(Infinity)).toHaveLength(left);
    expect(wheel.size).toBe(0);
  });

  it('is empty after the last deadline is taken', () => {
    const wheel = createHoldWheel();
    wheel.add({ flowId: 'only', at: 5 });

    expect(wheel.takeDue(4)).toEqual([]);
    expect(wheel.takeDue(5)).toEqual([{ flowId: 'only', at: 5 }]);
    expect(wheel.nextAt()).toBeUndefined();
  });

  it('keeps only the deadlines asked for, still earliest first', () => {
    const wheel = createHoldWheel();
    for (let i = 0; i < 100; i += 1) wheel.add({ flowId: `f${i}`, at: (i * 37) % 100 });

    wheel.retain(({ at }) => at % 2 === 0);

    expect(wheel.size).toBe(50);
    expect(wheel.takeDue(Infinity).map((d) => d.at)).toEqual(
      Array.from({ length: 50 }, (_, i) => i * 2),
    );
  });

  it('holds one entry per flow and deadline: the same one added again is not a second', () => {
    const wheel = createHoldWheel();

    expect(wheel.add({ flowId: 'f', at: 5 })).toBe(true);
    for (let i = 0; i < 10; i += 1) expect(wheel.add({ flowId: 'f', at: 5 })).toBe(false);
    wheel.add({ flowId: 'f', at: 7 });
    wheel.add({ flowId: 'g', at: 5 });

    expect(wheel.size).toBe(3);
    expect(wheel.takeDue(5)).toEqual([
      { flowId: 'f', at: 5 },
      { flowId: 'g', at: 5 },
    ]);
    // Taken, or dropped by `retain`, a deadline may be added again.
    expect(wheel.add({ flowId: 'f', at: 5 })).toBe(true);
    wheel.retain(({ at }) => at !== 7);
    expect(wheel.add({ flowId: 'f', at: 7 })).toBe(true);
    expect(wheel.size).toBe(2);
  });
});
