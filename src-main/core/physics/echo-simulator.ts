// The spin-echo pulse sequence on one lattice: pi/2 pulse, nTau steps, pi pulse, 2 nTau steps,
// recording M = (1/N) sum_i <I+>_i after every step.
import type { SimulationOptions } from './options.ts';
import type { SpinArrays } from './spin-step.ts';
import { createStepEngine, type StepEngine, type StepEngineName } from './step-engine.ts';

/** The physical parameters of one curve (Gamma already mapped from d). */
export interface CurvePhysics {
  readonly alpha: number;
  readonly Gamma: number;
  /** The kernel's spectrum for this curve's xi (computeKernelSpectrum). */
  readonly spectrum: Float64Array;
  /** delta_i per site, N values. */
  readonly delta: Float64Array;
}

/** Buffers for one lattice size, reused curve after curve: no allocation per step or per curve. */
export class EchoSimulator {
  readonly size: number;
  private readonly engine: StepEngine;

  /** `engine` picks the step engine; both give bit-identical curves (step-engine.ts). */
  constructor(
    readonly L: number,
    engine: StepEngineName | 'auto' = 'auto',
  ) {
    this.size = L * L;
    this.engine = createStepEngine(L, engine);
  }

  /** Which engine runs the steps. */
  get engineName(): StepEngineName {
    return this.engine.name;
  }

  /** The Bloch vectors as the last simulate() left them (read only: the next run overwrites them). */
  get state(): SpinArrays {
    return this.engine.spins;
  }

  /**
   * Writes the 3 nTau samples of M, (Re, Im) interleaved, into out from offset on. The result
   * depends only on the arguments: every buffer is reset first.
   */
  simulate(physics: CurvePhysics, options: SimulationOptions, out: Float64Array, offset = 0): void {
    const { alpha, Gamma, spectrum, delta } = physics;
    const { dt, nTau } = options;
    const { engine } = this;
    const { rx, ry, rz } = engine.spins;
    const { fieldRe, fieldIm } = engine;
    const N = this.size;
    if (delta.length !== N) throw new RangeError(`${delta.length} detunings for ${N} spins`);
    if (spectrum.length !== N) throw new RangeError(`spectrum of ${spectrum.length} values for ${N} spins`);
    if (out.length < offset + 6 * nTau) throw new RangeError('output buffer too short for the curve');
    engine.loadCurve(spectrum, delta);
    // r = (0, 0, 1) after an ideal pi/2 pulse about x: (x, y, z) -> (x, -z, y).
    rx.fill(0);
    ry.fill(-1);
    rz.fill(0);
    const coupling = alpha / 2;
    const steps = 3 * nTau;
    for (let step = 0; step < steps; step++) {
      if (step === nTau) flipAboutX(engine.spins);
      if (alpha === 0) {
        // No coupling: the field is multiplied by zero, so skip the convolution.
        fieldRe.fill(0);
        fieldIm.fill(0);
      } else {
        engine.computeField();
        if (options.counterRotating) addCounterRotatingTerm(fieldRe, fieldIm, options.nu0, step * dt, dt);
      }
      const { sumX, sumY } = engine.propagate(coupling, Gamma, dt);
      out[offset + 2 * step] = sumX / (2 * N);
      out[offset + 2 * step + 1] = sumY / (2 * N);
    }
  }
}

/** The ideal pi pulse about x: (x, y, z) -> (x, -y, -z). */
function flipAboutX(spins: SpinArrays): void {
  const { ry, rz } = spins;
  for (let i = 0; i < ry.length; i++) {
    ry[i] = -ry[i];
    rz[i] = -rz[i];
  }
}

/**
 * x -> x - conj(x) e^(2 i nu0 s), averaged over the step [t, t + dt] over which the field is held:
 * the average of e^(2 i nu0 s) is e^(2 i nu0 (t + dt/2)) sin(nu0 dt) / (nu0 dt). The term turns far
 * faster than a step (period pi / nu0 = 0.31 against dt = 2), so its value at the step's start would
 * alias into a large spurious drive instead of the small correction it is.
 * conj(x) w = (xr wr + xi wi) + i (xr wi - xi wr) for w = wr + i wi.
 */
function addCounterRotatingTerm(fieldRe: Float64Array, fieldIm: Float64Array, nu0: number, t: number, dt: number): void {
  const phase = 2 * nu0 * (t + dt / 2);
  const u = nu0 * dt;
  const average = u === 0 ? 1 : Math.sin(u) / u;
  const wr = average * Math.cos(phase);
  const wi = average * Math.sin(phase);
  for (let i = 0; i < fieldRe.length; i++) {
    const xr = fieldRe[i];
    const xi = fieldIm[i];
    fieldRe[i] = xr - (xr * wr + xi * wi);
    fieldIm[i] = xi - (xr * wi - xi * wr);
  }
}
