import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src-main/core/errors.ts';
import { fitScaler, inverseTransform, transform } from '../../../src-main/core/learn/standard-scaler.ts';

describe('fitScaler', () => {
  it('uses the mean and the population standard deviation of each column', () => {
    // alpha 1, 3, 5: mean 3, population variance 8/3 (the sample variance would be 4).
    const scaler = fitScaler([1, 10, 5, 3, 10, 7, 5, 10, 9], 3);
    expect(Array.from(scaler.mean)).toEqual([3, 10, 7]);
    expect(scaler.variance[0]).toBeCloseTo(8 / 3, 14);
    expect(scaler.scale[0]).toBeCloseTo(Math.sqrt(8 / 3), 14);
    expect(scaler.scale[2]).toBeCloseTo(Math.sqrt(8 / 3), 14);
    expect(scaler.count).toBe(3);
  });

  it('gives a constant column scale 1, as sklearn does, also when rounding leaves a tiny variance', () => {
    const scaler = fitScaler([2, 1e6, 7, 4, 1e6 + 2 ** -32, 7, 6, 1e6, 7], 3);
    expect(scaler.variance[1]).toBeGreaterThan(0);
    expect(scaler.scale[1]).toBe(1);
    expect(scaler.variance[2]).toBe(0);
    expect(scaler.scale[2]).toBe(1);
    expect(scaler.scale[0]).toBeCloseTo(Math.sqrt(8 / 3), 14);
  });

  it('refuses empty, ragged or non-finite input', () => {
    expect(() => fitScaler([], 3)).toThrow(InputError);
    expect(() => fitScaler([1, 2], 3)).toThrow(InputError);
    expect(() => fitScaler([1, 2, NaN], 3)).toThrow(/row 1, column 3 is NaN/);
  });
});

describe('transform and inverseTransform', () => {
  it('standardise to zero mean and unit population std, and come back', () => {
    const values = [1, 10, 5, 3, 10, 7, 5, 10, 9];
    const scaler = fitScaler(values, 3);
    const standardised = transform(scaler, values);
    expect(standardised[0]).toBeCloseTo(-Math.sqrt(1.5), 14);
    expect(standardised[1]).toBe(0);
    expect(standardised[6]).toBeCloseTo(Math.sqrt(1.5), 14);
    const back = inverseTransform(scaler, standardised);
    back.forEach((value, k) => expect(value).toBeCloseTo(values[k], 12));
  });

  it('refuses values that do not make whole rows', () => {
    expect(() => transform(fitScaler([1, 2, 3], 3), [1, 2])).toThrow(InputError);
  });
});
