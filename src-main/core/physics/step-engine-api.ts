// What an engine of the simulator's per-step work offers, apart from the engines themselves, so that
// the WebAssembly engine and the chooser in step-engine.ts do not import each other.
import type { SpinArrays } from './spin-step.ts';

export type StepEngineName = 'wasm-simd' | 'typescript';

/** One lattice's state and its step. Arrays are views the engine owns: write into them, never replace them. */
export interface StepEngine {
  readonly name: StepEngineName;
  readonly spins: SpinArrays;
  /** The local field x of the last computeField (counter-rotating corrections are applied in place). */
  readonly fieldRe: Float64Array;
  readonly fieldIm: Float64Array;
  /** Takes this curve's kernel spectrum and detunings (copied). */
  loadCurve(spectrum: Float64Array, delta: Float64Array): void;
  computeField(): void;
  /** One exact step of every spin (spin-step.ts); answers the sums of the new r_x and r_y. */
  propagate(coupling: number, Gamma: number, dt: number): { sumX: number; sumY: number };
}
