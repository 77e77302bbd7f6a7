import { describe, expect, it } from 'vitest';
import { combinePredictions } from '../../../src-main/core/learn/ensemble.ts';

describe('ensemble arithmetic', () => {
  // Two rows; member C has no variances of its own.
  const a = { labels: Float64Array.of(1, 10, 7, 0, 0, 0), std: Float64Array.of(1, 2, 0.5, 1, 1, 1) };
  const b = { labels: Float64Array.of(3, 14, 8, 0, 0, 0), std: Float64Array.of(3, 2, 0.5, 1, 1, 1) };
  const c = { labels: Float64Array.of(2, 12, 9, 3, 3, 3), std: null };

  it('averages the means and adds the mean of member variances to the variance of member means', () => {
    const combined = combinePredictions([a, b, c]);
    expect(Array.from(combined.labels)).toEqual([2, 12, 8, 1, 1, 1]);
    // Row 1, by hand: variance of means 2/3, 8/3, 2/3; mean of member variances (1+9+0)/3, (4+4+0)/3, (0.25+0.25+0)/3.
    const expectedStd = [Math.sqrt(2 / 3 + 10 / 3), Math.sqrt(8 / 3 + 8 / 3), Math.sqrt(2 / 3 + 0.5 / 3)];
    const expectedSpread = [Math.sqrt(2 / 3), Math.sqrt(8 / 3), Math.sqrt(2 / 3)];
    // Row 2: means 0, 0, 3 -> variance 2; member variances 1, 1, 0 -> 2/3.
    expectedStd.push(...Array(3).fill(Math.sqrt(2 + 2 / 3)));
    expectedSpread.push(...Array(3).fill(Math.sqrt(2)));
    combined.std.forEach((v, i) => expect(v).toBeCloseTo(expectedStd[i], 12));
    combined.spread.forEach((v, i) => expect(v).toBeCloseTo(expectedSpread[i], 12));
    expect(combined.membersWithStd).toBe(2);
  });

  it('is the spread alone for point predictors, and the member itself for one member', () => {
    const points = combinePredictions([{ labels: a.labels, std: null }, { labels: b.labels, std: null }]);
    expect(Array.from(points.std)).toEqual(Array.from(points.spread));
    expect(points.std[0]).toBeCloseTo(1, 12);
    const single = combinePredictions([a]);
    expect(Array.from(single.labels)).toEqual(Array.from(a.labels));
    expect(Array.from(single.spread)).toEqual([0, 0, 0, 0, 0, 0]);
    single.std.forEach((v, i) => expect(v).toBeCloseTo(a.std[i], 12));
  });

  it('refuses no members and members of different sizes', () => {
    expect(() => combinePredictions([])).toThrow(/at least one member/);
    expect(() => combinePredictions([a, { labels: Float64Array.of(1, 2, 3), std: null }])).toThrow(/member 2 predicts 1 rows/);
    expect(() => combinePredictions([a, { labels: b.labels, std: Float64Array.of(1, 1, 1) }])).toThrow(/rows of std/);
  });
});
