// TensorBoard's smoothing of learning curves: a debiased exponential moving average that keeps gaps.
import { describe, expect, it } from 'vitest';
import { smoothEma } from '../../../src-renderer/src/lib/smoothing.ts';

describe('smoothEma', () => {
  it('leaves the values as they are at weight 0', () => {
    expect(smoothEma([3, null, 1], 0)).toEqual([3, null, 1]);
  });

  it('starts at the first value (debiased), then follows the average', () => {
    const smoothed = smoothEma([4, 2, 2], 0.5);
    expect(smoothed[0]).toBeCloseTo(4, 12);
    // last = 0.5*2 + 0.5*(0.5*4) ... debiased by 1 - 0.5^2.
    expect(smoothed[1]).toBeCloseTo((0.25 * 4 + 0.5 * 2) / 0.75, 12);
    expect(smoothed[2]).toBeLessThan(smoothed[1]!);
  });

  it('keeps gaps and a constant curve constant', () => {
    expect(smoothEma([1, null, 1, Number.NaN, 1], 0.9)).toEqual([1, null, expect.closeTo(1, 12), null, expect.closeTo(1, 12)]);
  });
});
