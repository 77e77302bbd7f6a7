import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src-main/core/errors.ts';
import { detuningForCurve, detuningGrid, drawDetuning } from '../../../src-main/core/physics/detuning.ts';
import { curveLength, DEFAULT_SIMULATION_OPTIONS, resolveSimulationOptions } from '../../../src-main/core/physics/options.ts';
import { Random } from '../../../src-main/core/random.ts';

describe('simulation options', () => {
  it('default to physics.md', () => {
    const options = resolveSimulationOptions();
    expect(options).toEqual(DEFAULT_SIMULATION_OPTIONS);
    expect(options.lattice).toBe(100);
    expect(options.dt).toBe(2);
    expect(options.nTau).toBe(157);
    expect(curveLength(options)).toBe(471);
    expect(options.lineWidth).toBe(0.05);
    expect(options.bandWidth).toBe(0.25);
    expect(options.detuning).toBe('per-dataset');
    expect(options.counterRotating).toBe(false);
    expect(options.nu0).toBe(10);
    expect(options.normalisation).toEqual({ kind: 'none' });
    expect(options.dephasingMap).toBe('power-of-ten');
    expect(options.priors.alpha).toEqual([0, 20]);
    expect(options.priors.Gamma).toEqual([0, 0.0025]);
    expect(options.priors.xi).toEqual({ offset: 3.5, numerator: 7.7, shape: 2.5, scale: 1, max: 110 });
  });

  it('take overrides field by field, priors included', () => {
    const options = resolveSimulationOptions({ lattice: 7, detuning: 'per-curve', priors: { alpha: [1, 2], xi: { max: 50 } } });
    expect(options.lattice).toBe(7);
    expect(options.detuning).toBe('per-curve');
    expect(options.priors.alpha).toEqual([1, 2]);
    expect(options.priors.xi.max).toBe(50);
    expect(options.priors.xi.offset).toBe(3.5);
  });

  it('reject bad settings with an InputError naming them', () => {
    const bad: [object, RegExp][] = [
      [{ lattice: 1 }, /lattice/],
      [{ lattice: 10.5 }, /lattice/],
      [{ dt: 0 }, /dt/],
      [{ nTau: 0 }, /nTau/],
      [{ lineWidth: -1 }, /lineWidth/],
      [{ bandWidth: Number.NaN }, /bandWidth/],
      [{ detuning: 'sometimes' }, /detuning/],
      [{ normalisation: { kind: 'cutoff', radius: 0 } }, /cutoff/],
      [{ normalisation: { kind: 'sum', c: -1 } }, /sum/],
      [{ normalisation: { kind: 'max' } }, /normalisation/],
      [{ priors: { alpha: [3, 1] } }, /alpha/],
      [{ priors: { Gamma: [0, 0] } }, /Gamma/],
      [{ priors: { Gamma: [0, 1] } }, /Gamma/],
      [{ priors: { xi: { max: 3 } } }, /xi/],
      [{ dephasingMap: 'log2' }, /dephasingMap/],
    ];
    for (const [input, message] of bad) {
      expect(() => resolveSimulationOptions(input as never), JSON.stringify(input)).toThrow(InputError);
      expect(() => resolveSimulationOptions(input as never), JSON.stringify(input)).toThrow(message);
    }
  });
});

describe('detuning draw', () => {
  it('lies on N evenly spaced points of [-band, band], ends included', () => {
    const grid = detuningGrid(5, 0.25);
    expect(Array.from(grid)).toEqual([-0.25, -0.125, 0, 0.125, 0.25]);
    const delta = drawDetuning(10_000, 0.05, 0.25, new Random(1));
    const points = new Set(detuningGrid(10_000, 0.25));
    expect(delta.every((value) => points.has(value))).toBe(true);
  });

  it('follows the truncated Lorentzian of FWHM 0.05', () => {
    const n = 40_000;
    const delta = drawDetuning(n, 0.05, 0.25, new Random(5));
    // P(|delta| < w) for a Lorentzian of half width 0.025 truncated to |delta| <= 0.25.
    for (const w of [0.01, 0.025, 0.1]) {
      const expected = Math.atan(w / 0.025) / Math.atan(0.25 / 0.025);
      const observed = delta.reduce((count, value) => count + (Math.abs(value) < w ? 1 : 0), 0) / n;
      expect(Math.abs(observed - expected)).toBeLessThan(4 * Math.sqrt((expected * (1 - expected)) / n) + 1e-3);
    }
  });

  it('is one draw per data set by default, one per curve on request', () => {
    const options = resolveSimulationOptions({ lattice: 8 });
    expect(detuningForCurve(3, 0, options)).toEqual(detuningForCurve(3, 17, options));
    expect(detuningForCurve(3, 0, options)).not.toEqual(detuningForCurve(4, 0, options));
    const perCurve = resolveSimulationOptions({ lattice: 8, detuning: 'per-curve' });
    expect(detuningForCurve(3, 0, perCurve)).toEqual(detuningForCurve(3, 0, perCurve));
    expect(detuningForCurve(3, 0, perCurve)).not.toEqual(detuningForCurve(3, 1, perCurve));
  });
});
