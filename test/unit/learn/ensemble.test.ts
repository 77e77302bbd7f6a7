import { describe, expect, it } from 'vitest';
import { combinePredictions, selectMembersGreedily } from '../../../src-main/core/learn/ensemble.ts';

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

describe('selectMembersGreedily', () => {
  // Truth 0 everywhere; scale 1. Errors: A small, B large and biased, C small and opposite to A.
  const truth = new Float64Array(12);
  const member = (values: number[]) => ({ labels: Float64Array.from(values), std: null });
  const a = member([0.2, -0.1, 0.1, 0.2, -0.1, 0.1, 0.2, -0.1, 0.1, 0.2, -0.1, 0.1]);
  const b = member(Array.from({ length: 12 }, () => 1.5));
  const c = member([-0.2, 0.1, -0.05, -0.2, 0.1, -0.05, -0.15, 0.1, -0.1, -0.2, 0.1, -0.1]);

  it('starts from the best candidate, keeps one whose errors cancel, and leaves out one that would hurt', () => {
    expect(selectMembersGreedily([b, c, a], truth, [1, 1, 1])).toEqual([1, 2]);
  });

  it('never does worse on its split than the best candidate alone, unlike the plain average', () => {
    const candidates = [a, b];
    const chosen = selectMembersGreedily(candidates, truth, [1, 1, 1]);
    expect(chosen).toEqual([0]);
    const plain = combinePredictions(candidates).labels;
    const sse = (values: Float64Array) => values.reduce((sum, v) => sum + v * v, 0);
    expect(sse(plain)).toBeGreaterThan(sse(a.labels));
  });

  it('weighs each parameter by its scale and refuses candidates of another size', () => {
    // x is off in the first column only, y in the second: with the first column's scale 10, x's error counts less.
    const x = member([1, 0, 0]);
    const y = member([0, 1, 0]);
    expect(selectMembersGreedily([x, y], new Float64Array(3), [10, 1, 1])[0]).toBe(0);
    expect(selectMembersGreedily([x, y], new Float64Array(3), [1, 10, 1])[0]).toBe(1);
    expect(() => selectMembersGreedily([x, member([0, 0, 0, 0, 0, 0])], new Float64Array(3), [1, 1, 1])).toThrow(RangeError);
  });
});
