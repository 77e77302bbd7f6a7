// The per-step work of the echo simulator (local field, then the exact spin step) behind one
// interface, with two bit-identical engines: WebAssembly SIMD where it loads, TypeScript elsewhere.
import { LocalField } from './local-field.ts';
import { propagateSpins, StepScratch, type SpinArrays } from './spin-step.ts';
import type { StepEngine, StepEngineName } from './step-engine-api.ts';
import { createWasmStepEngine, wasmEngineUnavailable } from './wasm-step-engine.ts';

export type { StepEngine, StepEngineName } from './step-engine-api.ts';

/** The reference engine: plain TypeScript on Float64Arrays. */
class TypeScriptStepEngine implements StepEngine {
  readonly name = 'typescript';
  readonly spins: SpinArrays;
  private readonly field: LocalField;
  private readonly scratch: StepScratch;
  private readonly spectrum: Float64Array;
  private readonly delta: Float64Array;

  constructor(L: number) {
    const size = L * L;
    this.spins = { rx: new Float64Array(size), ry: new Float64Array(size), rz: new Float64Array(size) };
    this.field = new LocalField(L);
    this.scratch = new StepScratch(size);
    this.spectrum = new Float64Array(size);
    this.delta = new Float64Array(size);
  }

  get fieldRe(): Float64Array {
    return this.field.re;
  }

  get fieldIm(): Float64Array {
    return this.field.im;
  }

  loadCurve(spectrum: Float64Array, delta: Float64Array): void {
    this.spectrum.set(spectrum);
    this.delta.set(delta);
  }

  computeField(): void {
    this.field.compute(this.spectrum, this.spins.rx, this.spins.ry);
  }

  propagate(coupling: number, Gamma: number, dt: number): { sumX: number; sumY: number } {
    propagateSpins(this.spins, this.field.re, this.field.im, coupling, this.delta, Gamma, dt, this.scratch);
    return { sumX: this.scratch.sumX, sumY: this.scratch.sumY };
  }
}

/**
 * The fastest engine for an L x L lattice: WebAssembly SIMD when the module loads and L suits it
 * (even, and a mixed-radix FFT length), else TypeScript; `prefer` forces one (tests compare them).
 */
export function createStepEngine(L: number, prefer: StepEngineName | 'auto' = 'auto'): StepEngine {
  if (prefer === 'typescript') return new TypeScriptStepEngine(L);
  const reason = wasmEngineUnavailable(L);
  if (reason === null) return createWasmStepEngine(L);
  if (prefer === 'wasm-simd') throw new Error(`the WebAssembly engine cannot run this lattice: ${reason}`);
  return new TypeScriptStepEngine(L);
}
