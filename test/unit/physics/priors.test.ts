import { describe, expect, it } from 'vitest';
import { dFromGamma, gammaFromD } from '../../../src-main/core/physics/dephasing-map.ts';
import { sampleGamma } from '../../../src-main/core/physics/distributions.ts';
import { DEFAULT_PRIORS } from '../../../src-main/core/physics/options.ts';
import { drawCurveLabels } from '../../../src-main/core/physics/priors.ts';
import { randomStream, STREAM_PURPOSE } from '../../../src-main/core/physics/random-streams.ts';
import { Random } from '../../../src-main/core/random.ts';

describe('random streams', () => {
  it('are reproducible and distinct by seed, purpose and index', () => {
    const first = (seed: number, purpose: 1 | 2 | 3, index: number) => randomStream(seed, purpose, index).nextUint32();
    expect(first(1, STREAM_PURPOSE.labels, 5)).toBe(first(1, STREAM_PURPOSE.labels, 5));
    const values = new Set([
      first(1, STREAM_PURPOSE.labels, 5),
      first(2, STREAM_PURPOSE.labels, 5),
      first(1, STREAM_PURPOSE.curveDetuning, 5),
      first(1, STREAM_PURPOSE.labels, 6),
      first(1, STREAM_PURPOSE.labels, 0),
    ]);
    expect(values.size).toBe(5);
  });

  it('refuses seeds that are not integers in [0, 2^53)', () => {
    expect(() => randomStream(-1, STREAM_PURPOSE.labels, 0)).toThrow(/seed/);
    expect(() => randomStream(1.5, STREAM_PURPOSE.labels, 0)).toThrow(/seed/);
  });
});

describe('Gamma distribution (Marsaglia-Tsang)', () => {
  it('has mean shape * scale and variance shape * scale^2', () => {
    const random = new Random(11);
    for (const [shape, scale] of [
      [2.5, 1],
      [0.5, 2],
      [7, 0.3],
    ]) {
      const n = 40000;
      let sum = 0;
      let sumSquares = 0;
      for (let i = 0; i < n; i++) {
        const x = sampleGamma(random, shape, scale);
        sum += x;
        sumSquares += x * x;
      }
      const mean = sum / n;
      const variance = sumSquares / n - mean * mean;
      // Standard errors: sqrt(var / n) for the mean, about 5 % for the variance here.
      expect(Math.abs(mean - shape * scale)).toBeLessThan(5 * Math.sqrt((shape * scale * scale) / n));
      expect(variance / (shape * scale * scale)).toBeGreaterThan(0.9);
      expect(variance / (shape * scale * scale)).toBeLessThan(1.1);
    }
  });
});

describe('d <-> Gamma mapping', () => {
  it('is Gamma = 2.5 * 10^(-d/2) by default and matches the published pair', () => {
    expect(gammaFromD(6)).toBeCloseTo(0.0025, 15);
    expect(gammaFromD(6.07)).toBeCloseTo(0.00231, 5);
    expect(gammaFromD(6.07, 'natural-log')).toBeCloseTo(0.00231, 5);
    expect(gammaFromD(Infinity)).toBe(0);
  });

  it('inverts itself and refuses Gamma = 0', () => {
    for (const map of ['power-of-ten', 'natural-log'] as const) {
      for (const d of [6, 6.5, 9.3, 14]) expect(dFromGamma(gammaFromD(d, map), map)).toBeCloseTo(d, 12);
    }
    expect(() => dFromGamma(0)).toThrow(/positive/);
  });
});

describe('priors of the challenge data', () => {
  const n = 200_000;
  const random = new Random(2024);
  const alphas = new Float64Array(n);
  const xis = new Float64Array(n);
  const ds = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const labels = drawCurveLabels(random, DEFAULT_PRIORS, 'power-of-ten');
    alphas[i] = labels.alpha;
    xis[i] = labels.xi;
    ds[i] = labels.d;
  }
  const min = (a: Iterable<number>) => {
    let m = Infinity;
    for (const x of a) m = Math.min(m, x);
    return m;
  };
  const max = (a: Iterable<number>) => {
    let m = -Infinity;
    for (const x of a) m = Math.max(m, x);
    return m;
  };
  const mean = (a: Float64Array) => a.reduce((s, x) => s + x, 0) / a.length;
  const sd = (a: Float64Array) => {
    const m = mean(a);
    return Math.sqrt(a.reduce((s, x) => s + (x - m) * (x - m), 0) / a.length);
  };

  it('draws alpha uniformly on [0, 20)', () => {
    expect(min(alphas)).toBeGreaterThanOrEqual(0);
    expect(max(alphas)).toBeLessThan(20);
    expect(mean(alphas)).toBeCloseTo(10, 1);
  });

  it('gives finite d >= 6 with Gamma uniform on (0, 0.0025]', () => {
    expect(ds.every((d) => Number.isFinite(d) && d >= 6)).toBe(true);
    const gammas = Array.from(ds, (d) => gammaFromD(d));
    expect(max(gammas)).toBeLessThanOrEqual(0.0025);
    expect(gammas.reduce((s, x) => s + x, 0) / n).toBeCloseTo(0.00125, 5);
  });

  it('gives xi in (3.5, 110] with mean near 8.6, sd near 5.5 and its mode near 5.3-5.7', () => {
    expect(min(xis)).toBeGreaterThan(3.5);
    expect(max(xis)).toBeLessThanOrEqual(110);
    expect(Math.abs(mean(xis) - 8.6)).toBeLessThan(0.15);
    expect(Math.abs(sd(xis) - 5.5)).toBeLessThan(0.5);
    // The density of 3.5 + 7.7 / G peaks where G^3.5 e^-G does, at G = 3.5: xi = 5.7. physics.md
    // says "near 5.3"; a histogram of 0.25-wide bins finds the peak between the two.
    const bins = new Float64Array(40);
    for (const xi of xis) if (xi < 13.5) bins[Math.floor((xi - 3.5) / 0.25)]++;
    const peak = 3.5 + 0.25 * (bins.indexOf(max(bins)) + 0.5);
    expect(peak).toBeGreaterThan(5);
    expect(peak).toBeLessThan(6.1);
  });
});
