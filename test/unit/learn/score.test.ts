import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src-main/core/errors.ts';
import type { LabelSet } from '../../../src-main/core/formats/curves.ts';
import { scorePredictions } from '../../../src-main/core/learn/score.ts';

const labels = (rows: number[][]): LabelSet => ({ count: rows.length, data: new Float64Array(rows.flat()) });

// Training labels with means (1, 2, 3) and population standard deviations (1, 2, 3).
const train = labels([
  [0, 0, 0],
  [2, 4, 6],
]);

describe('scorePredictions', () => {
  it('gives the hand-computed Err of a small case', () => {
    const truth = labels([
      [1, 1, 1],
      [2, 2, 2],
    ]);
    const predicted = labels([
      [2, 1, 4], // standardised errors 1/1, 0, 3/3
      [2, 6, 2], // 0, 4/2, 0
    ]);
    // Err = 1 + 0 + 1 + 0 + 4 + 0 = 6; per element 6 / (3 * 2) = 1.
    expect(scorePredictions(predicted, truth, train)).toEqual({
      err: 6,
      perElement: 1,
      perParameter: { alpha: 0.5, xi: 2, d: 0.5 },
      count: 2,
    });
  });

  it('is zero when the prediction equals the truth', () => {
    const truth = labels([
      [8.181, 6.72, 6.5],
      [3, 2, 1],
    ]);
    expect(scorePredictions(truth, truth, train)).toMatchObject({ err: 0, perElement: 0, perParameter: { alpha: 0, xi: 0, d: 0 } });
  });

  it('leaves errors of a constant training parameter unscaled', () => {
    const constantXi = labels([
      [0, 5, 0],
      [2, 5, 6],
    ]);
    const score = scorePredictions(labels([[1, 8, 3]]), labels([[1, 5, 3]]), constantXi);
    expect(score.err).toBe(9);
    expect(score.perParameter.xi).toBe(9);
  });

  it('refuses mismatched counts and non-finite predictions', () => {
    expect(() => scorePredictions(labels([[1, 2, 3]]), labels([[1, 2, 3], [4, 5, 6]]), train)).toThrow(InputError);
    expect(() => scorePredictions(labels([[1, NaN, 3]]), labels([[1, 2, 3]]), train)).toThrow(/row 1: xi is not finite/);
  });
});
