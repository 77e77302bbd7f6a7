// Simulation settings: defaults exactly as in physics.md, every one overridable, all validated.
import { InputError } from '../errors.ts';
import { DEFAULT_DEPHASING_MAP, DEPHASING_MAPS, type DephasingMap } from './dephasing-map.ts';
import type { KernelNormalisation } from './kernel-spectrum.ts';
import { MAX_GAMMA_DT } from './spin-step.ts';

export const DETUNING_MODES = ['per-dataset', 'per-curve'] as const;
export type DetuningMode = (typeof DETUNING_MODES)[number];

/** The priors of generated data sets. */
export interface Priors {
  /** alpha ~ Uniform(alpha[0], alpha[1]). */
  readonly alpha: readonly [number, number];
  /** Gamma ~ Uniform(Gamma[0], Gamma[1]), then d from the dephasing map. */
  readonly Gamma: readonly [number, number];
  /** xi = offset + numerator / G, G ~ Gamma(shape, scale), redrawn while xi > max. */
  readonly xi: {
    readonly offset: number;
    readonly numerator: number;
    readonly shape: number;
    readonly scale: number;
    readonly max: number;
  };
}

export interface SimulationOptions {
  /** Lattice side L (N = L^2 spins). */
  readonly lattice: number;
  /** Time step. */
  readonly dt: number;
  /** Steps between the pi/2 and the pi pulse; 2 nTau more follow, so a curve has 3 nTau samples. */
  readonly nTau: number;
  /** Full width at half maximum of the Lorentzian detuning line. */
  readonly lineWidth: number;
  /** The detuning band is [-bandWidth, +bandWidth]. */
  readonly bandWidth: number;
  readonly detuning: DetuningMode;
  /** The original code's x -> x - conj(x) e^(2 i nu0 t) term. */
  readonly counterRotating: boolean;
  readonly nu0: number;
  readonly normalisation: KernelNormalisation;
  readonly dephasingMap: DephasingMap;
  readonly priors: Priors;
}

/** Options as a caller gives them: any subset, priors field by field. */
export type SimulationOptionsInput = Partial<Omit<SimulationOptions, 'priors'>> & {
  readonly priors?: Partial<Omit<Priors, 'xi'>> & { readonly xi?: Partial<Priors['xi']> };
};

export const DEFAULT_PRIORS: Priors = {
  alpha: [0, 20],
  Gamma: [0, 0.0025],
  xi: { offset: 3.5, numerator: 7.7, shape: 2.5, scale: 1, max: 110 },
};

export const DEFAULT_SIMULATION_OPTIONS: SimulationOptions = {
  lattice: 100,
  dt: 2,
  nTau: 157,
  lineWidth: 0.05,
  bandWidth: 0.25,
  detuning: 'per-dataset',
  counterRotating: false,
  nu0: 10,
  normalisation: { kind: 'none' },
  dephasingMap: DEFAULT_DEPHASING_MAP,
  priors: DEFAULT_PRIORS,
};

/** Largest lattice side accepted: 1024^2 spins already take some 100 MB of state. */
export const MAX_LATTICE = 1024;
const MAX_N_TAU = 100_000;

/** Samples per curve: nTau before the pi pulse and 2 nTau after it. */
export function curveLength(options: Pick<SimulationOptions, 'nTau'>): number {
  return 3 * options.nTau;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new InputError(message);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Fills in the defaults and validates everything; InputError names the first bad setting. */
export function resolveSimulationOptions(input: SimulationOptionsInput = {}): SimulationOptions {
  const priorsInput = input.priors ?? {};
  const options: SimulationOptions = {
    ...DEFAULT_SIMULATION_OPTIONS,
    ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)),
    priors: {
      alpha: priorsInput.alpha ?? DEFAULT_PRIORS.alpha,
      Gamma: priorsInput.Gamma ?? DEFAULT_PRIORS.Gamma,
      xi: { ...DEFAULT_PRIORS.xi, ...Object.fromEntries(Object.entries(priorsInput.xi ?? {}).filter(([, value]) => value !== undefined)) },
    },
  };
  const { lattice, dt, nTau, lineWidth, bandWidth, nu0, normalisation, priors } = options;
  check(Number.isInteger(lattice) && lattice >= 2 && lattice <= MAX_LATTICE, `lattice must be an integer in [2, ${MAX_LATTICE}], not ${lattice}`);
  check(isFiniteNumber(dt) && dt > 0, `dt must be a positive number, not ${dt}`);
  check(Number.isInteger(nTau) && nTau >= 1 && nTau <= MAX_N_TAU, `nTau must be an integer in [1, ${MAX_N_TAU}], not ${nTau}`);
  check(isFiniteNumber(lineWidth) && lineWidth > 0, `lineWidth must be a positive number, not ${lineWidth}`);
  check(isFiniteNumber(bandWidth) && bandWidth > 0, `bandWidth must be a positive number, not ${bandWidth}`);
  check((DETUNING_MODES as readonly string[]).includes(options.detuning), `detuning must be one of ${DETUNING_MODES.join(', ')}, not ${options.detuning}`);
  check(typeof options.counterRotating === 'boolean', `counterRotating must be true or false, not ${options.counterRotating}`);
  check(isFiniteNumber(nu0) && nu0 >= 0, `nu0 must be a non-negative number, not ${nu0}`);
  check((DEPHASING_MAPS as readonly string[]).includes(options.dephasingMap), `dephasingMap must be one of ${DEPHASING_MAPS.join(', ')}, not ${options.dephasingMap}`);
  validateNormalisation(normalisation);
  validatePriors(priors, dt);
  return options;
}

function validateNormalisation(normalisation: KernelNormalisation): void {
  switch (normalisation?.kind) {
    case 'none':
      return;
    case 'sum':
      check(isFiniteNumber(normalisation.c) && normalisation.c > 0, `the sum normalisation's c must be a positive number, not ${normalisation.c}`);
      return;
    case 'cutoff':
      check(isFiniteNumber(normalisation.radius) && normalisation.radius > 0, `the cutoff radius must be a positive number, not ${normalisation.radius}`);
      return;
    default:
      throw new InputError(`normalisation must be none, sum or cutoff, not ${JSON.stringify(normalisation)}`);
  }
}

function validateRange(name: string, range: readonly [number, number]): void {
  check(
    Array.isArray(range) && range.length === 2 && isFiniteNumber(range[0]) && isFiniteNumber(range[1]) && range[0] <= range[1],
    `the ${name} prior must be a range [lo, hi] with lo <= hi, not ${JSON.stringify(range)}`,
  );
}

function validatePriors(priors: Priors, dt: number): void {
  validateRange('alpha', priors.alpha);
  validateRange('Gamma', priors.Gamma);
  const [GammaLo, GammaHi] = priors.Gamma;
  check(GammaLo >= 0 && GammaHi > 0, `the Gamma prior must lie in [0, inf) with a positive upper end, not [${GammaLo}, ${GammaHi}]`);
  check(GammaHi * dt <= MAX_GAMMA_DT, `the Gamma prior's upper end ${GammaHi} exceeds ${MAX_GAMMA_DT / dt} (Gamma * dt <= ${MAX_GAMMA_DT})`);
  const { offset, numerator, shape, scale, max } = priors.xi;
  for (const [name, value] of Object.entries({ offset, numerator, shape, scale, max })) {
    check(isFiniteNumber(value), `the xi prior's ${name} must be a number, not ${value}`);
  }
  check(offset >= 0 && numerator > 0 && shape > 0 && scale > 0, 'the xi prior needs offset >= 0 and numerator, shape, scale > 0');
  check(max > offset, `the xi prior's max (${max}) must exceed its offset (${offset})`);
}

/** Validates the physical parameters of one curve; Gamma from the label d by the options' map. */
export function validateCurveParameters(alpha: number, xi: number, Gamma: number, options: SimulationOptions): void {
  check(isFiniteNumber(alpha), `alpha must be a finite number, not ${alpha}`);
  check(isFiniteNumber(xi) && xi > 0, `xi must be a positive number, not ${xi}`);
  check(isFiniteNumber(Gamma) && Gamma >= 0, `Gamma must be a non-negative number, not ${Gamma}`);
  check(
    Gamma * options.dt <= MAX_GAMMA_DT,
    `Gamma = ${Gamma} is too strong a dephasing for the stepper (Gamma * dt must be at most ${MAX_GAMMA_DT})`,
  );
}
