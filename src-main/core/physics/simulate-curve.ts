// Simulates curves from their labels (alpha, xi, d): one at a time for the interactive explorer, or
// a batch of rows for the worker pool. Both give bit-identical results for the same curve.
import { gammaFromD } from './dephasing-map.ts';
import { detuningForCurve } from './detuning.ts';
import { EchoSimulator } from './echo-simulator.ts';
import { cachedKernelSpectrum } from './kernel-spectrum.ts';
import type { KernelName } from './kernels.ts';
import { curveLength, resolveSimulationOptions, validateCurveParameters, type SimulationOptions, type SimulationOptionsInput } from './options.ts';
import { validateSeed } from './random-streams.ts';

/** What every curve of a data set shares. */
export interface SimulationPlan {
  readonly kernel: KernelName;
  readonly options: SimulationOptions;
  /** The data set's seed: its detuning draw(s) come from it. */
  readonly seed: number;
}

export interface SimulatedCurve {
  /** 3 nTau samples of M, (Re, Im) interleaved. */
  readonly data: Float64Array;
  /** Samples (time points), 471 by default. */
  readonly length: number;
}

const simulators = new Map<number, EchoSimulator>();
const DETUNING_CACHE_LIMIT = 4;
const detunings = new Map<string, Float64Array>();

// A simulator holds about 12 arrays of L^2 doubles: keep the two lattices used last.
const SIMULATOR_CACHE_LIMIT = 2;

function simulatorFor(L: number): EchoSimulator {
  let simulator = simulators.get(L);
  if (simulator) {
    simulators.delete(L);
  } else {
    simulator = new EchoSimulator(L);
  }
  simulators.set(L, simulator);
  if (simulators.size > SIMULATOR_CACHE_LIMIT) simulators.delete(simulators.keys().next().value as number);
  return simulator;
}

/** The per-data-set draw is cached (every curve of the set uses it); per-curve draws are not. */
function detuningFor(plan: SimulationPlan, curveIndex: number): Float64Array {
  const { options } = plan;
  if (options.detuning === 'per-curve') return detuningForCurve(plan.seed, curveIndex, options);
  const key = `${plan.seed}|${options.lattice}|${options.lineWidth}|${options.bandWidth}`;
  let delta = detunings.get(key);
  if (!delta) {
    delta = detuningForCurve(plan.seed, curveIndex, options);
    detunings.set(key, delta);
    if (detunings.size > DETUNING_CACHE_LIMIT) detunings.delete(detunings.keys().next().value as string);
  }
  return delta;
}

/**
 * Simulates `count` curves whose labels are rows of `labels` (alpha, xi, d), curve k having the
 * index firstIndex + k (its detuning stream under per-curve draws). Writes them into `out`
 * (count x length x 2) and calls onCurve after each.
 */
export function simulateLabelledCurves(
  plan: SimulationPlan,
  firstIndex: number,
  labels: Float64Array,
  out: Float64Array,
  onCurve?: (done: number) => void,
): void {
  const { kernel, options } = plan;
  const count = labels.length / 3;
  const length = curveLength(options);
  if (!Number.isInteger(count) || out.length !== count * length * 2) throw new RangeError('labels and output buffer disagree');
  const simulator = simulatorFor(options.lattice);
  for (let row = 0; row < count; row++) {
    const alpha = labels[3 * row];
    const xi = labels[3 * row + 1];
    const Gamma = gammaFromD(labels[3 * row + 2], options.dephasingMap);
    validateCurveParameters(alpha, xi, Gamma, options);
    const spectrum = cachedKernelSpectrum(kernel, xi, options.lattice, options.normalisation);
    const delta = detuningFor(plan, firstIndex + row);
    simulator.simulate({ alpha, Gamma, spectrum, delta }, options, out, row * length * 2);
    onCurve?.(row + 1);
  }
}

/**
 * One curve for the explorer: M after every step for kernel, alpha, xi and label d (d = Infinity
 * means no dephasing). The detuning is the data set draw of `seed` (default 0), or under per-curve
 * draws that of curve `curveIndex`. Kernel spectra and detuning draws are cached by key.
 */
export function simulateCurve(
  kernel: KernelName,
  alpha: number,
  xi: number,
  d: number,
  options: SimulationOptionsInput & { readonly seed?: number; readonly curveIndex?: number } = {},
): SimulatedCurve {
  const { seed = 0, curveIndex = 0, ...rest } = options;
  validateSeed(seed);
  const plan: SimulationPlan = { kernel, options: resolveSimulationOptions(rest), seed };
  const length = curveLength(plan.options);
  const data = new Float64Array(length * 2);
  simulateLabelledCurves(plan, curveIndex, Float64Array.of(alpha, xi, d), data);
  return { data, length };
}
