import { describe, expect, it } from 'vitest';
import { gaussKernel, rkkyKernel, rkkyOfX } from '../../../src-main/core/physics/kernels.ts';

const SCALE = 10n ** 80n;

/** A double as an exact rational m * 2^e with integer m. */
function exactRational(x: number): { mantissa: bigint; exponent: number } {
  let exponent = 0;
  let value = x;
  while (!Number.isInteger(value)) {
    value *= 2;
    exponent--;
  }
  return { mantissa: BigInt(value), exponent };
}

/** m^k 2^(e k) * SCALE / divisor, exactly up to the final truncation (k may be -1). */
function scaledPower(mantissa: bigint, exponent: number, k: number, divisor: bigint): bigint {
  if (k === -1) {
    // 1 / (m 2^e) = 2^-e / m
    return exponent <= 0 ? (SCALE * 2n ** BigInt(-exponent)) / (mantissa * divisor) : SCALE / (mantissa * 2n ** BigInt(exponent) * divisor);
  }
  const shift = exponent * k;
  const numerator = mantissa ** BigInt(k) * SCALE;
  return shift >= 0 ? (numerator * 2n ** BigInt(shift)) / divisor : numerator / (2n ** BigInt(-shift) * divisor);
}

/** X^-4 (X cos X - sin X) = sum_n (-1)^n 2n X^(2n-3) / (2n+1)!, in 80-digit fixed point. */
function rkkyHighPrecision(X: number): number {
  const { mantissa, exponent } = exactRational(X);
  let sum = 0n;
  let factorial = 6n; // (2n+1)! for n = 1
  for (let n = 1; n <= 60; n++) {
    const term = scaledPower(mantissa, exponent, 2 * n - 3, factorial) * BigInt(2 * n);
    sum += n % 2 === 0 ? term : -term;
    factorial *= BigInt((2 * n + 2) * (2 * n + 3));
  }
  return Number((sum * 10n ** 30n) / SCALE) / 1e30;
}

describe('coupling kernels', () => {
  it('have no self-coupling: f(0) = 0', () => {
    expect(gaussKernel(0, 5)).toBe(0);
    expect(rkkyKernel(0, 5)).toBe(0);
  });

  it('gauss is exp(-(r/xi)^2)', () => {
    expect(gaussKernel(1, 1)).toBeCloseTo(Math.exp(-1), 15);
    expect(gaussKernel(6.72, 6.72)).toBeCloseTo(Math.exp(-1), 15);
    expect(gaussKernel(3, 2)).toBeCloseTo(Math.exp(-2.25), 15);
  });

  it('RKKY matches a high-precision series, above all for small X where X cos X - sin X cancels', () => {
    // X = 0.02 is r = 1 at xi = 100, where float32 loses the value entirely. Points avoid the
    // zeros of X cos X - sin X (X = 4.49...), where only the absolute error stays small.
    for (const X of [1e-9, 1e-5, 0.001, 0.02, 0.1, 0.3, 0.7, 0.999, 1, 1.001, 1.5, 2.5, 3.7, 6, 10]) {
      const expected = rkkyHighPrecision(X);
      const relativeError = Math.abs(rkkyOfX(X) - expected) / Math.abs(expected);
      expect(relativeError, `X = ${X}`).toBeLessThan(4e-15);
    }
  });

  it('RKKY is about -1/(3X) at small X and uses X = 2r/xi', () => {
    expect(rkkyOfX(1e-6) * -3e-6).toBeCloseTo(1, 10);
    expect(rkkyKernel(1, 100)).toBe(rkkyOfX(0.02));
    expect(rkkyKernel(1, 100)).toBeLessThan(0);
  });
});
