// The sanity checks of physics.md on the whole pulse sequence, and the published calibration point.
import { describe, expect, it } from 'vitest';
import { gammaFromD } from '../../../src-main/core/physics/dephasing-map.ts';
import { detuningForCurve } from '../../../src-main/core/physics/detuning.ts';
import { EchoSimulator } from '../../../src-main/core/physics/echo-simulator.ts';
import { computeKernelSpectrum } from '../../../src-main/core/physics/kernel-spectrum.ts';
import { resolveSimulationOptions } from '../../../src-main/core/physics/options.ts';
import { simulateCurve, simulateLabelledCurves } from '../../../src-main/core/physics/simulate-curve.ts';

const magnitude = (data: Float64Array, k: number) => Math.hypot(data[2 * k], data[2 * k + 1]);

/**
 * Uncoupled spins (alpha = 0) in closed form: c = r_x + i r_y starts at -i, turns as e^(-i delta t)
 * and decays as e^(-Gamma t / 2); the pi pulse at tau conjugates it. M = mean(c) / 2.
 */
function uncoupledEcho(delta: Float64Array, Gamma: number, dt: number, nTau: number): Float64Array {
  const out = new Float64Array(6 * nTau);
  const tau = nTau * dt;
  for (let k = 0; k < 3 * nTau; k++) {
    const t = (k + 1) * dt;
    let re = 0;
    let im = 0;
    for (const d of delta) {
      // before the pulse: -i e^(-i d t); after it: i e^(i d tau) e^(-i d (t - tau))
      const phase = k < nTau ? -d * t : d * tau - d * (t - tau);
      const sign = k < nTau ? -1 : 1;
      re += -sign * Math.sin(phase);
      im += sign * Math.cos(phase);
    }
    const decay = Math.exp((-Gamma * t) / 2) / (2 * delta.length);
    out[2 * k] = re * decay;
    out[2 * k + 1] = im * decay;
  }
  return out;
}

describe('spin-echo sequence', () => {
  it('follows the closed form of uncoupled spins when alpha = 0', () => {
    const options = resolveSimulationOptions({ lattice: 10 });
    const delta = detuningForCurve(9, 0, options);
    for (const d of [6.5, 9, Infinity]) {
      const Gamma = gammaFromD(d);
      const curve = simulateCurve('gauss', 0, 5, d, { lattice: 10, seed: 9 }).data;
      const expected = uncoupledEcho(delta, Gamma, 2, 157);
      let worst = 0;
      for (let i = 0; i < curve.length; i++) worst = Math.max(worst, Math.abs(curve[i] - expected[i]));
      expect(worst).toBeLessThan(1e-12);
    }
  });

  it('does not depend on xi or the kernel when alpha = 0', () => {
    const reference = simulateCurve('gauss', 0, 4, 7, { lattice: 12, seed: 2 }).data;
    expect(simulateCurve('gauss', 0, 60, 7, { lattice: 12, seed: 2 }).data).toEqual(reference);
    expect(simulateCurve('rkky', 0, 9, 7, { lattice: 12, seed: 2 }).data).toEqual(reference);
  });

  it('keeps every |r_i| = 1 when alpha = 0 and Gamma = 0', () => {
    const options = resolveSimulationOptions({ lattice: 10 });
    const simulator = new EchoSimulator(10);
    const out = new Float64Array(942);
    const spectrum = computeKernelSpectrum('gauss', 5, 10, options.normalisation);
    simulator.simulate({ alpha: 0, Gamma: 0, spectrum, delta: detuningForCurve(1, 0, options) }, options, out);
    const { rx, ry, rz } = simulator.state;
    for (let i = 0; i < 100; i++) expect(Math.hypot(rx[i], ry[i], rz[i])).toBeCloseTo(1, 11);
  });

  it('is bit-identical for the same seed and parameters, and the same in the explorer and in batches', () => {
    const a = simulateCurve('rkky', 7, 8, 7, { lattice: 16, seed: 4 }).data;
    const b = simulateCurve('rkky', 7, 8, 7, { lattice: 16, seed: 4 }).data;
    expect(b).toEqual(a);
    const options = resolveSimulationOptions({ lattice: 16 });
    const batch = new Float64Array(2 * 942);
    simulateLabelledCurves({ kernel: 'rkky', options, seed: 4 }, 0, Float64Array.of(1, 3, 8, 7, 8, 7), batch);
    expect(batch.subarray(942)).toEqual(a);
    expect(simulateCurve('rkky', 7, 8, 7, { lattice: 16, seed: 5 }).data).not.toEqual(a);
  });

  it('rejects parameters the stepper cannot take', () => {
    expect(() => simulateCurve('gauss', 1, -2, 7, { lattice: 4 })).toThrow(/xi/);
    expect(() => simulateCurve('gauss', Number.NaN, 2, 7, { lattice: 4 })).toThrow(/alpha/);
    expect(() => simulateCurve('gauss', 1, 2, 1, { lattice: 4 })).toThrow(/Gamma/);
    expect(() => simulateCurve('gauss', 1, 2, Number.NaN, { lattice: 4 })).toThrow(/Gamma/);
  });
});

// At L = 100 as physics.md states them. Tolerances: the published numbers have one or two
// significant digits, and a detuning draw moves M by about 0.005 rms (N = 10^4); so 0.02 on
// values of 0.2, 0.015 on 0.08 and 0.01 on 0.04, and exact where the sequence refocuses exactly.
describe('sanity checks and calibration at L = 100', () => {
  it('free-induction decay and echo with alpha = 0', () => {
    const free = simulateCurve('gauss', 0, 6, Infinity).data;
    expect(Math.abs(magnitude(free, 20) - 0.18)).toBeLessThan(0.015);
    expect(Math.abs(magnitude(free, 50) - 0.04)).toBeLessThan(0.015);
    // Gamma = 0: every spin refocuses exactly at the echo.
    expect(magnitude(free, 313)).toBeCloseTo(0.5, 12);
    const d = 6.5;
    const damped = simulateCurve('rkky', 0, 6, d).data;
    expect(magnitude(damped, 313)).toBeCloseTo(0.5 * Math.exp(-gammaFromD(d) * 314), 12);
  });

  let calibrationCurve: Float64Array | undefined;
  const calibration = () => (calibrationCurve ??= simulateCurve('gauss', 8.181, 6.72, 6.5).data);

  it('reproduces the published gauss calibration curve (alpha 8.181, xi 6.72, d 6.50)', () => {
    const curve = calibration();
    expect(Math.abs(magnitude(curve, 20) - 0.2)).toBeLessThan(0.02);
    expect(Math.abs(magnitude(curve, 50) - 0.08)).toBeLessThan(0.015);
    expect(Math.abs(magnitude(curve, 100) - 0.04)).toBeLessThan(0.01);
    let peak = 157;
    for (let k = 158; k < 471; k++) if (magnitude(curve, k) > magnitude(curve, peak)) peak = k;
    expect(peak).toBeGreaterThanOrEqual(305);
    expect(peak).toBeLessThanOrEqual(320);
    expect(Math.abs(magnitude(curve, peak) - 0.22)).toBeLessThan(0.02);
  });

  it('changes M by less than the finite-N noise (0.005) with the counter-rotating term', () => {
    const plain = calibration();
    const counter = simulateCurve('gauss', 8.181, 6.72, 6.5, { counterRotating: true }).data;
    let largest = 0;
    for (let i = 0; i < plain.length; i++) largest = Math.max(largest, Math.abs(plain[i] - counter[i]));
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(0.005);
  });
});
