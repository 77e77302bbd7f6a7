// The WebAssembly SIMD step engine: the module built from assembly/simulator-kernels.ts, its
// memory laid out for one lattice, and the same call sequence as local-field.ts and spin-step.ts.
import { readFileSync } from 'node:fs';
import { SIN_60, stockhamStages, WINOGRAD_5, type Stage } from './fft.ts';
import { COS_TABLE, SIN_TABLE, type SpinArrays } from './spin-step.ts';
import type { StepEngine } from './step-engine-api.ts';

/** Built by scripts/build-wasm.mjs beside its source; the app bundle carries a copy at the same relative place. */
const MODULE_URL = new URL('./assembly/simulator-kernels.wasm', import.meta.url);

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  setConstants(sin60: number, w1: number, w2: number, w3: number, w4: number, w5: number, sinTable: number, cosTable: number): void;
  transform(stages: number, stageCount: number, n: number, batch: number, re: number, im: number, sourceRe: number, sourceIm: number, scratchRe: number, scratchIm: number, spareRe: number, spareIm: number): void;
  transpose(inRe: number, inIm: number, outRe: number, outIm: number, L: number): void;
  multiplySpectrum(re: number, im: number, spectrum: number, n: number): void;
  propagateSpins(rx: number, ry: number, rz: number, fieldRe: number, fieldIm: number, delta: number, roots: number, n: number, fieldScale: number, g: number, dt: number, decayOfG: number): void;
  sumX(): number;
  sumY(): number;
}

let compiled: WebAssembly.Module | string | undefined;

/** The compiled module, or why there is none (missing file, no SIMD in this runtime). */
function kernelModule(): WebAssembly.Module | string {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(readFileSync(MODULE_URL));
    } catch (error) {
      compiled = `${MODULE_URL.pathname} does not load (${error instanceof Error ? error.message : String(error)}); run npm run build:wasm`;
    }
  }
  return compiled;
}

/** Null when the engine can run an L x L lattice, else the reason it cannot. */
export function wasmEngineUnavailable(L: number): string | null {
  if (L % 2 !== 0) return `L = ${L} is odd (the engine works on pairs of sites)`;
  if (!stockhamStages(L)) return `L = ${L} has a prime factor above 5 (Bluestein runs in TypeScript)`;
  const module = kernelModule();
  return typeof module === 'string' ? module : null;
}

const ARRAYS = ['rx', 'ry', 'rz', 'delta', 'roots', 'fieldRe', 'fieldIm', 'swapRe', 'swapIm', 'scratchRe', 'scratchIm', 'spareRe', 'spareIm', 'spectrum'] as const;
type ArrayName = (typeof ARRAYS)[number];

const STAGE_RECORD_BYTES = 20;
const PAGE_BYTES = 65536;

function align16(offset: number): number {
  return Math.ceil(offset / 16) * 16;
}

class WasmStepEngine implements StepEngine {
  readonly name = 'wasm-simd';
  readonly spins: SpinArrays;
  readonly fieldRe: Float64Array;
  readonly fieldIm: Float64Array;
  private readonly kernels: KernelExports;
  private readonly size: number;
  private readonly offset: Record<ArrayName, number>;
  private readonly view: Record<ArrayName, Float64Array>;
  private readonly stagesOffset: number;
  private readonly stageCount: number;

  constructor(
    readonly L: number,
    module: WebAssembly.Module,
    stages: Stage[],
  ) {
    this.size = L * L;
    const instance = new WebAssembly.Instance(module, { host: { exp: Math.exp, sin: Math.sin, cos: Math.cos } });
    this.kernels = instance.exports as unknown as KernelExports;
    // Layout: stage records, their twiddles, the two tables, then the lattice arrays.
    let next = 0;
    this.stagesOffset = next;
    this.stageCount = stages.length;
    next = align16(next + STAGE_RECORD_BYTES * stages.length);
    const twiddleOffsets = stages.map((stage) => {
      const re = next;
      const im = align16(re + 8 * stage.twRe.length);
      next = align16(im + 8 * stage.twIm.length);
      return { re, im };
    });
    const sinTable = next;
    const cosTable = sinTable + 8 * SIN_TABLE.length;
    next = align16(cosTable + 8 * COS_TABLE.length);
    const offset = {} as Record<ArrayName, number>;
    for (const name of ARRAYS) {
      offset[name] = next;
      next = align16(next + 8 * this.size);
    }
    this.offset = offset;
    const { memory } = this.kernels;
    memory.grow(Math.ceil(next / PAGE_BYTES) - memory.buffer.byteLength / PAGE_BYTES);
    // Views only after growing: growth detaches the old buffer.
    const buffer = memory.buffer;
    const records = new Int32Array(buffer, this.stagesOffset, (STAGE_RECORD_BYTES / 4) * stages.length);
    stages.forEach((stage, index) => {
      records.set([stage.radix, stage.m, stage.stride, twiddleOffsets[index].re, twiddleOffsets[index].im], index * (STAGE_RECORD_BYTES / 4));
      new Float64Array(buffer, twiddleOffsets[index].re, stage.twRe.length).set(stage.twRe);
      new Float64Array(buffer, twiddleOffsets[index].im, stage.twIm.length).set(stage.twIm);
    });
    new Float64Array(buffer, sinTable, SIN_TABLE.length).set(SIN_TABLE);
    new Float64Array(buffer, cosTable, COS_TABLE.length).set(COS_TABLE);
    this.kernels.setConstants(SIN_60, ...WINOGRAD_5, sinTable, cosTable);
    this.view = Object.fromEntries(ARRAYS.map((name) => [name, new Float64Array(buffer, offset[name], this.size)])) as Record<ArrayName, Float64Array>;
    this.spins = { rx: this.view.rx, ry: this.view.ry, rz: this.view.rz };
    this.fieldRe = this.view.fieldRe;
    this.fieldIm = this.view.fieldIm;
  }

  loadCurve(spectrum: Float64Array, delta: Float64Array): void {
    this.view.spectrum.set(spectrum);
    this.view.delta.set(delta);
  }

  /** LocalField.compute's sequence: rows, transpose, columns, spectrum, inverse columns, transpose, inverse rows. */
  computeField(): void {
    const { kernels, L, offset: o, size } = this;
    this.fft(o.fieldRe, o.fieldIm, o.rx, o.ry);
    kernels.transpose(o.fieldRe, o.fieldIm, o.swapRe, o.swapIm, L);
    this.fft(o.swapRe, o.swapIm);
    kernels.multiplySpectrum(o.swapRe, o.swapIm, o.spectrum, size);
    // Swapping re and im turns the forward transform into the unnormalised inverse.
    this.fft(o.swapIm, o.swapRe);
    kernels.transpose(o.swapRe, o.swapIm, o.fieldRe, o.fieldIm, L);
    this.fft(o.fieldIm, o.fieldRe);
  }

  /** The batched transform along the slow axis (every row at once), from (sourceRe, sourceIm) into (re, im). */
  private fft(re: number, im: number, sourceRe = re, sourceIm = im): void {
    const o = this.offset;
    this.kernels.transform(this.stagesOffset, this.stageCount, this.L, this.L, re, im, sourceRe, sourceIm, o.scratchRe, o.scratchIm, o.spareRe, o.spareIm);
  }

  propagate(coupling: number, Gamma: number, dt: number): { sumX: number; sumY: number } {
    const { kernels, offset: o } = this;
    // The same expressions as propagateSpins, so that both engines start from the same doubles.
    const fieldScale = -coupling * dt;
    const g = 0.5 * Gamma * dt;
    kernels.propagateSpins(o.rx, o.ry, o.rz, o.fieldRe, o.fieldIm, o.delta, o.roots, this.size, fieldScale, g, dt, Math.exp(-0.5 * g));
    return { sumX: kernels.sumX(), sumY: kernels.sumY() };
  }
}

/** Call only after wasmEngineUnavailable(L) answered null. */
export function createWasmStepEngine(L: number): StepEngine {
  const module = kernelModule();
  const stages = stockhamStages(L);
  if (typeof module === 'string' || !stages) throw new Error(wasmEngineUnavailable(L) ?? 'the WebAssembly engine is unavailable');
  return new WasmStepEngine(L, module, stages);
}
