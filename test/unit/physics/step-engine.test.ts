// The WebAssembly SIMD step engine against the TypeScript reference: the same curves and the same
// final spins bit for bit, through every branch of the spin step, and the rules that pick an engine.
import { describe, expect, it } from 'vitest';
import { detuningForCurve } from '../../../src-main/core/physics/detuning.ts';
import { EchoSimulator } from '../../../src-main/core/physics/echo-simulator.ts';
import { computeKernelSpectrum } from '../../../src-main/core/physics/kernel-spectrum.ts';
import type { KernelName } from '../../../src-main/core/physics/kernels.ts';
import { resolveSimulationOptions, type SimulationOptions } from '../../../src-main/core/physics/options.ts';
import { createStepEngine } from '../../../src-main/core/physics/step-engine.ts';

/** Indices where a and b differ as doubles (Object.is: -0 and NaN count). */
function differences(a: Float64Array, b: Float64Array): number[] {
  expect(a.length).toBe(b.length);
  const at: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) at.push(i);
  return at;
}

interface Case {
  L: number;
  kernel: KernelName;
  alpha: number;
  Gamma: number;
  counterRotating?: boolean;
  /** Detunings that drive the rare branches: a zero field (series), |Omega| < 2 g (bracketed root), a huge angle. */
  extremeDetunings?: boolean;
}

function simulateWith(engine: 'typescript' | 'wasm-simd', c: Case, options: SimulationOptions) {
  const delta = detuningForCurve(3, 0, options);
  if (c.extremeDetunings) {
    delta[0] = 0;
    delta[1] = 1e-9;
    delta[5] = 1e6;
    delta[c.L + 2] = -3e-7;
  }
  const simulator = new EchoSimulator(c.L, engine);
  expect(simulator.engineName).toBe(engine);
  const out = new Float64Array(6 * options.nTau);
  const spectrum = computeKernelSpectrum(c.kernel, 7.5, c.L, options.normalisation);
  simulator.simulate({ alpha: c.alpha, Gamma: c.Gamma, spectrum, delta }, options, out);
  const { rx, ry, rz } = simulator.state;
  return { out, rx: rx.slice(), ry: ry.slice(), rz: rz.slice() };
}

describe('step engines', () => {
  it('picks WebAssembly SIMD for an even mixed-radix lattice and TypeScript otherwise', () => {
    expect(createStepEngine(100).name).toBe('wasm-simd');
    expect(createStepEngine(12).name).toBe('wasm-simd');
    expect(createStepEngine(9).name).toBe('typescript');
    // 14 = 2 x 7 takes Bluestein's FFT, which only the TypeScript engine has.
    expect(createStepEngine(14).name).toBe('typescript');
    expect(createStepEngine(100, 'typescript').name).toBe('typescript');
    expect(() => createStepEngine(9, 'wasm-simd')).toThrow(/odd/);
    expect(() => createStepEngine(22, 'wasm-simd')).toThrow(/prime factor/);
  });

  const cases: Case[] = [
    { L: 10, kernel: 'gauss', alpha: 0.6, Gamma: 0.001 },
    { L: 12, kernel: 'rkky', alpha: 1.4, Gamma: 0.0025 },
    { L: 16, kernel: 'gauss', alpha: 3, Gamma: 0 },
    { L: 30, kernel: 'rkky', alpha: 0.2, Gamma: 0.004, counterRotating: true },
    { L: 20, kernel: 'gauss', alpha: 0, Gamma: 0.01, extremeDetunings: true },
    { L: 20, kernel: 'rkky', alpha: 2, Gamma: 0.01, extremeDetunings: true },
    { L: 6, kernel: 'gauss', alpha: 1e-7, Gamma: 0.002, extremeDetunings: true },
    { L: 100, kernel: 'gauss', alpha: 0.8, Gamma: 0.0015 },
  ];
  for (const c of cases) {
    it(`gives the reference's bits: L ${c.L}, ${c.kernel}, alpha ${c.alpha}, Gamma ${c.Gamma}${c.counterRotating ? ', counter-rotating' : ''}${c.extremeDetunings ? ', extreme detunings' : ''}`, () => {
      const options = resolveSimulationOptions({ lattice: c.L, nTau: c.L === 100 ? 157 : 30, counterRotating: c.counterRotating ?? false });
      const reference = simulateWith('typescript', c, options);
      const wasm = simulateWith('wasm-simd', c, options);
      expect(reference.out.every(Number.isFinite)).toBe(true);
      expect(differences(wasm.out, reference.out)).toEqual([]);
      expect(differences(wasm.rx, reference.rx)).toEqual([]);
      expect(differences(wasm.ry, reference.ry)).toEqual([]);
      expect(differences(wasm.rz, reference.rz)).toEqual([]);
    });
  }
});
