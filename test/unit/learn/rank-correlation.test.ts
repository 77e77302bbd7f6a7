// Spearman's rank correlation (ties by mean rank) and the spread-against-error check built on it.
import { describe, expect, it } from 'vitest';
import { spearmanCorrelation, spreadErrorCorrelation } from '../../../src-main/core/learn/rank-correlation.ts';
import { scoreWithScaler } from '../../../src-main/core/learn/score.ts';
import { fitScaler } from '../../../src-main/core/learn/standard-scaler.ts';

describe('spearmanCorrelation', () => {
  it('is 1 for any increasing relation and -1 for a decreasing one', () => {
    const x = [0.3, 5, -2, 8, 1.5];
    expect(spearmanCorrelation(x, x.map((v) => Math.exp(v)))).toBeCloseTo(1, 15);
    expect(spearmanCorrelation(x, x.map((v) => -(v ** 3)))).toBeCloseTo(-1, 15);
  });

  it('gives tied values the mean of their ranks (hand-computed case)', () => {
    // ranks (1, 2.5, 2.5, 4) and (1, 3, 2, 4): covariance 4.5, variances 4.5 and 5.
    expect(spearmanCorrelation([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(4.5 / Math.sqrt(4.5 * 5), 15);
  });

  it('is undefined for a constant side or fewer than two values, and refuses unequal lengths', () => {
    expect(spearmanCorrelation([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(spearmanCorrelation([4], [2])).toBeNaN();
    expect(() => spearmanCorrelation([1, 2], [1, 2, 3])).toThrow(RangeError);
  });
});

describe('spreadErrorCorrelation', () => {
  it('tells an informative spread from a misleading one, per parameter', () => {
    const rows = 50;
    const truth = new Float64Array(rows * 3);
    const predicted = new Float64Array(rows * 3);
    const std = new Float64Array(rows * 3);
    for (let row = 0; row < rows; row++) {
      const size = 0.1 + row / rows;
      truth.set([10, 8, 7], row * 3);
      // alpha: the error grows with the std; xi: it shrinks as the std grows; d: the std is constant.
      predicted.set([10 + (row % 2 ? size : -size), 8 + 1 / size, 7 + size], row * 3);
      std.set([size, size, 0.5], row * 3);
    }
    const rho = spreadErrorCorrelation(predicted, std, truth);
    expect(rho.alpha).toBeCloseTo(1, 12);
    expect(rho.xi).toBeCloseTo(-1, 12);
    expect(rho.d).toBeNaN();
    const scaler = fitScaler(truth.map((value, k) => value + (k % 3)), 3);
    const score = scoreWithScaler({ count: rows, data: predicted }, { count: rows, data: truth }, scaler, std);
    expect(score.spreadErrorSpearman?.alpha).toBeCloseTo(1, 12);
    expect(scoreWithScaler({ count: rows, data: predicted }, { count: rows, data: truth }, scaler).spreadErrorSpearman).toBeUndefined();
  });
});
