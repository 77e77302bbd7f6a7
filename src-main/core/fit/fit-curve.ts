// Fits (alpha, xi, d) of one curve by simulation over bounded, smooth coordinates, minimising the
// squared distance between the simulated and the target curve, Re and Im alike.
import { InputError } from '../errors.ts';
import type { Progress } from '../progress.ts';
import { dFromGamma, gammaFromD } from '../physics/dephasing-map.ts';
import type { KernelName } from '../physics/kernels.ts';
import { curveLength, resolveSimulationOptions, type SimulationOptions, type SimulationOptionsInput } from '../physics/options.ts';
import { simulateCurve } from '../physics/simulate-curve.ts';
import { minimizeLevenbergMarquardt } from './levenberg-marquardt.ts';
import { minimizeNelderMead } from './nelder-mead.ts';

export interface CurveParameters {
  readonly alpha: number;
  readonly xi: number;
  readonly d: number;
}

/** A point of the fit with its squared distance to the target (sum over every sample of Re and Im). */
export interface FitPoint extends CurveParameters {
  readonly distance: number;
}

/** How the target curve was simulated: the fit must simulate alike (lattice, kernel, detuning draw). */
export interface SimulationRecipe {
  readonly kernel: KernelName;
  readonly options: SimulationOptionsInput;
  /** The data set's seed: its detuning draw(s). */
  readonly seed: number;
  /** The curve's index in the data set (its own detuning draw under per-curve detuning). */
  readonly curveIndex: number;
}

/** Search ranges; xi is searched in log space and d through Gamma, where the curve is smooth. */
export interface FitBounds {
  readonly alpha: readonly [number, number];
  readonly xi: readonly [number, number];
  readonly Gamma: readonly [number, number];
}

export interface FitProgress extends Progress {
  readonly best: FitPoint;
}

/** Simulates one curve (length x 2, Re and Im interleaved) for the recipe; the fit's default runs in this thread. */
export type CurveSimulator = (parameters: CurveParameters) => ArrayLike<number> | Promise<ArrayLike<number>>;

export interface FitCurveRequest {
  /** The curve to fit, length x 2 with Re and Im interleaved. */
  readonly target: ArrayLike<number>;
  readonly recipe: SimulationRecipe;
  /** Where the search starts: typically a network's prediction. Moved inside the bounds if needed. */
  readonly start: CurveParameters;
  /** Default: the recipe's priors (xi from the prior's offset, at least 0.5, to its max). */
  readonly bounds?: Partial<FitBounds>;
  /** Simulations at most (default 250). */
  readonly maxEvaluations?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: FitProgress) => void;
  /** Default: simulateCurve in this thread. */
  readonly simulate?: CurveSimulator;
}

export interface FitResult {
  /** The start actually used, and its distance. */
  readonly start: FitPoint;
  /** True when the given start lay outside the bounds and was moved inside. */
  readonly startMoved: boolean;
  readonly best: FitPoint;
  /** Root mean square difference per value (Re and Im of every sample) at the best point. */
  readonly rms: number;
  readonly evaluations: number;
  readonly stopped: 'converged' | 'max-evaluations';
  readonly bounds: FitBounds;
  readonly seconds: number;
}

export const DEFAULT_MAX_EVALUATIONS = 250;

// Fraction of a range kept between a start and the bound it is moved inside.
const BOUND_MARGIN = 1e-3;
// The first simplex reaches about this fraction of each range from the start.
const STEP_FRACTION = 0.05;
// xi below half a lattice spacing leaves every neighbour's coupling near zero: nothing to tell apart.
const SMALLEST_XI = 0.5;

/** The bounds of a recipe's priors, with the caller's own where given; InputError for an empty or bad range. */
export function resolveFitBounds(options: SimulationOptions, given: Partial<FitBounds> = {}): FitBounds {
  const { priors } = options;
  const bounds: FitBounds = {
    alpha: given.alpha ?? priors.alpha,
    xi: given.xi ?? [Math.max(priors.xi.offset, SMALLEST_XI), priors.xi.max],
    Gamma: given.Gamma ?? priors.Gamma,
  };
  for (const [name, [lo, hi]] of Object.entries(bounds) as [string, readonly [number, number]][]) {
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) throw new InputError(`the ${name} search range must be [lo, hi] with lo < hi, not [${lo}, ${hi}]`);
  }
  if (bounds.xi[0] <= 0) throw new InputError(`the xi search range must be positive, not [${bounds.xi.join(', ')}]`);
  if (bounds.Gamma[0] < 0) throw new InputError(`the Gamma search range must not be negative, not [${bounds.Gamma.join(', ')}]`);
  return bounds;
}

const logistic = (u: number) => 1 / (1 + Math.exp(-u));
const logit = (p: number) => Math.log(p / (1 - p));

/**
 * Each parameter as the fraction p of its range (xi's range in log space, d's as Gamma), searched
 * as u = logit(p): the search is unbounded while every point stays inside the bounds.
 */
class Coordinates {
  constructor(
    private readonly bounds: FitBounds,
    private readonly options: SimulationOptions,
  ) {}

  private fractions(p: CurveParameters): number[] {
    const { alpha, xi, Gamma } = this.bounds;
    const G = gammaFromD(p.d, this.options.dephasingMap);
    return [
      (p.alpha - alpha[0]) / (alpha[1] - alpha[0]),
      (Math.log(p.xi) - Math.log(xi[0])) / (Math.log(xi[1]) - Math.log(xi[0])),
      (G - Gamma[0]) / (Gamma[1] - Gamma[0]),
    ];
  }

  /** The start in search coordinates, moved inside the bounds when it lies on or beyond one. */
  encode(p: CurveParameters): { u: Float64Array; moved: boolean } {
    let moved = false;
    const u = Float64Array.from(this.fractions(p), (fraction) => {
      const inside = Math.min(1 - BOUND_MARGIN, Math.max(BOUND_MARGIN, Number.isFinite(fraction) ? fraction : 0.5));
      if (inside !== fraction) moved = true;
      return logit(inside);
    });
    return { u, moved };
  }

  decode(u: ArrayLike<number>): CurveParameters {
    const { alpha, xi, Gamma } = this.bounds;
    const [pa, px, pg] = [logistic(u[0]), logistic(u[1]), logistic(u[2])];
    const G = Gamma[0] + pg * (Gamma[1] - Gamma[0]);
    return {
      alpha: alpha[0] + pa * (alpha[1] - alpha[0]),
      xi: Math.exp(Math.log(xi[0]) + px * (Math.log(xi[1]) - Math.log(xi[0]))),
      d: dFromGamma(G, this.options.dephasingMap),
    };
  }

  /** A first step of about STEP_FRACTION of each range, towards the middle (the logistic is flat near the ends). */
  steps(u: Float64Array): number[] {
    return Array.from(u, (value) => {
      const p = logistic(value);
      return Math.sign(0.5 - p || 1) * Math.min(1, STEP_FRACTION / (p * (1 - p)));
    });
  }
}

/** Sum of squared differences over the first `values` values (Re and Im interleaved). */
function squaredDistance(simulated: ArrayLike<number>, target: ArrayLike<number>, values: number): number {
  let sum = 0;
  for (let i = 0; i < values; i++) sum += (simulated[i] - target[i]) ** 2;
  return sum;
}

/**
 * After the pi pulse the distance is rugged in alpha: the mean-field dynamics amplify small
 * changes, leaving shallow local minima a fraction of a unit of alpha apart. Before it, during the
 * free induction decay, the distance falls smoothly to the same minimum, but along a valley where
 * alpha trades against xi (the decay sees mostly the mean coupling alpha * sum f / N). So the fit
 * runs in two stages:
 * 1. Nelder-Mead on the samples before the pulse, from the start, with at most DECAY_BUDGET of the
 *    simulations: robust, and it lands in the valley of the true minimum;
 * 2. Levenberg-Marquardt on the whole curve from there, with the rest: its Gauss-Newton steps
 *    follow the narrow valley in a few dozen simulations where Nelder-Mead crawls.
 * The answer is the point of lowest whole-curve distance seen in either stage.
 */
const DECAY_SHARE = 1 / 3;
const DECAY_BUDGET = 0.5;
// Forward-difference step in the search coordinates (logits): large against float64 rounding of
// the simulation, small against the curvature of the distance.
const DIFFERENCE_STEP = 1e-5;

/** Searches (alpha, xi, d) whose simulated curve is nearest the target; cancellable, with progress after every simulation. */
export async function fitCurve(request: FitCurveRequest): Promise<FitResult> {
  const started = performance.now();
  const { recipe, target } = request;
  const options = resolveSimulationOptions(recipe.options);
  const length = curveLength(options);
  if (target.length !== 2 * length) throw new InputError(`the target curve has ${target.length / 2} samples, the recipe simulates ${length}`);
  if (!Array.from(target).every(Number.isFinite)) throw new InputError('the target curve holds non-finite values');
  for (const [name, value] of Object.entries(request.start)) {
    if (!Number.isFinite(value)) throw new InputError(`the start's ${name} must be a finite number, not ${value}`);
  }
  if (!(request.start.xi > 0)) throw new InputError(`the start's xi must be positive, not ${request.start.xi}`);
  const maxEvaluations = request.maxEvaluations ?? DEFAULT_MAX_EVALUATIONS;
  if (!Number.isInteger(maxEvaluations) || maxEvaluations < 2) throw new InputError(`the fit needs at least 2 simulations, not ${maxEvaluations}`);
  const bounds = resolveFitBounds(options, request.bounds);
  const coordinates = new Coordinates(bounds, options);
  const simulate: CurveSimulator =
    request.simulate ?? ((p) => simulateCurve(recipe.kernel, p.alpha, p.xi, p.d, { ...recipe.options, seed: recipe.seed, curveIndex: recipe.curveIndex }).data);

  const { u: startU, moved } = coordinates.encode(request.start);
  let startPoint: FitPoint | null = null;
  let best: FitPoint | null = null;
  let done = 0;
  /** Simulates at u, keeps the start and the best whole-curve point, and returns the simulated curve. */
  const simulateAt = async (u: ArrayLike<number>): Promise<ArrayLike<number>> => {
    const parameters = coordinates.decode(u);
    const simulated = await simulate(parameters);
    const point = { ...parameters, distance: squaredDistance(simulated, target, target.length) };
    startPoint ??= point;
    if (!best || point.distance < best.distance) best = point;
    return simulated;
  };
  const onEvaluation = () => {
    done++;
    if (!request.onProgress) return;
    const elapsedSeconds = (performance.now() - started) / 1000;
    // The budget bounds the work left; a fit that converges sooner simply ends early.
    const etaSeconds = (elapsedSeconds / done) * (maxEvaluations - done);
    request.onProgress({ done, total: maxEvaluations, elapsedSeconds, etaSeconds, best: best! });
  };
  const decayValues = 2 * Math.round(DECAY_SHARE * length);
  const first = await minimizeNelderMead(async (u) => squaredDistance(await simulateAt(u), target, decayValues), startU, {
    initialStep: coordinates.steps(startU),
    maxEvaluations: Math.max(1, Math.floor(DECAY_BUDGET * maxEvaluations)),
    xTolerance: 1e-4,
    fTolerance: 1e-12,
    restarts: 1,
    signal: request.signal,
    onEvaluation,
  });
  const second = await minimizeLevenbergMarquardt(
    async (u) => {
      const simulated = await simulateAt(u);
      return Float64Array.from(target, (value, i) => simulated[i] - value);
    },
    first.x,
    { maxEvaluations: maxEvaluations - done, differenceStep: DIFFERENCE_STEP, xTolerance: 1e-7, fTolerance: 1e-9, signal: request.signal, onEvaluation },
  );
  const stopped = second.stopped;
  const final: FitPoint = best!;
  return {
    start: startPoint!,
    startMoved: moved,
    best: final,
    rms: Math.sqrt(final.distance / target.length),
    evaluations: done,
    stopped,
    bounds,
    seconds: (performance.now() - started) / 1000,
  };
}
