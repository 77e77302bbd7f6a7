import { describe, expect, it } from 'vitest';
import { createFftPlan, inverseFft } from '../../../src-main/core/physics/fft.ts';

/** The DFT by its definition, with exact angle reduction (j k mod n). */
function naiveDft(re: Float64Array, im: Float64Array, n: number, batch: number, b: number): [Float64Array, Float64Array] {
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      const angle = (-2 * Math.PI * ((j * k) % n)) / n;
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      const xr = re[j * batch + b];
      const xi = im[j * batch + b];
      sr += xr * c - xi * s;
      si += xr * s + xi * c;
    }
    outRe[k] = sr;
    outIm[k] = si;
  }
  return [outRe, outIm];
}

function testSignal(size: number): [Float64Array, Float64Array] {
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    re[i] = Math.sin(1.3 * i + 0.2) + 0.1 * (i % 7);
    im[i] = Math.cos(0.7 * i) - 0.05 * (i % 3);
  }
  return [re, im];
}

describe('complex FFT of any length', () => {
  // Radix 2/3/4/5 mixtures, and primes 7, 97 and 101 (and 77, 1001) through Bluestein.
  const lengths = [1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 25, 30, 77, 97, 100, 101, 128, 1001];
  for (const n of lengths) {
    it(`matches the naive DFT for n = ${n}, single and batched`, () => {
      for (const batch of [1, 3]) {
        const [re, im] = testSignal(n * batch);
        const inputRe = re.slice();
        const inputIm = im.slice();
        createFftPlan(n).transform(re, im, batch);
        // The naive sum carries about n * eps of rounding itself.
        const tolerance = 1e-15 * n * Math.sqrt(n) + 1e-14;
        for (let b = 0; b < batch; b++) {
          const [expectedRe, expectedIm] = naiveDft(inputRe, inputIm, n, batch, b);
          for (let k = 0; k < n; k++) {
            expect(Math.abs(re[k * batch + b] - expectedRe[k])).toBeLessThan(tolerance);
            expect(Math.abs(im[k * batch + b] - expectedIm[k])).toBeLessThan(tolerance);
          }
        }
      }
    });
  }

  it('inverts itself (inverse = swapped re/im) up to the factor n', () => {
    for (const n of [7, 100, 101]) {
      const plan = createFftPlan(n);
      const [re, im] = testSignal(n * 4);
      const inputRe = re.slice();
      const inputIm = im.slice();
      plan.transform(re, im, 4);
      inverseFft(plan, re, im, 4);
      for (let i = 0; i < n * 4; i++) {
        expect(re[i] / n).toBeCloseTo(inputRe[i], 13);
        expect(im[i] / n).toBeCloseTo(inputIm[i], 13);
      }
    }
  });

  it('transforms out of place without touching its source', () => {
    for (const n of [1, 4, 7, 20, 100]) {
      const [re, im] = testSignal(n * 2);
      const sourceRe = re.slice();
      const sourceIm = im.slice();
      const outRe = new Float64Array(n * 2);
      const outIm = new Float64Array(n * 2);
      const plan = createFftPlan(n);
      plan.transform(outRe, outIm, 2, sourceRe, sourceIm);
      plan.transform(re, im, 2);
      expect(outRe).toEqual(re);
      expect(outIm).toEqual(im);
      expect(sourceRe).toEqual(testSignal(n * 2)[0]);
    }
  });

  it('rejects bad lengths and short buffers', () => {
    expect(() => createFftPlan(0)).toThrow(RangeError);
    expect(() => createFftPlan(2.5)).toThrow(RangeError);
    expect(() => createFftPlan(8).transform(new Float64Array(4), new Float64Array(4))).toThrow(RangeError);
  });
});
