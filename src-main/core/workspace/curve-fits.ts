// Fits of single stored curves by simulation, the one fit of every face (the explorer, `spin-echo
// fit`): each request becomes a plan (the curve, its data set's recipe, a start and the truth where
// known), runs in a worker thread, and may leave its outcome to be fetched once its job has ended.
// Its defaults: the data set's recipe, else the physics defaults (L = 100, seed 0), said in the
// recipe's summary; the start at the centre of the recipe's priors; a run's start only from the
// prediction it stored (its validation or eval curves); DEFAULT_MAX_EVALUATIONS simulations.
import { InputError } from '../errors.ts';
import { curveRecipe, fitRecipeOf, type CurveSplit, type FitRecipe, type FitRecipeChoice } from '../fit/dataset-recipe.ts';
import { DEFAULT_MAX_EVALUATIONS, resolveFitBounds, type CurveParameters, type FitPoint, type FitResult, type SimulationRecipe } from '../fit/fit-curve.ts';
import { fitCurveInWorker, type FitInWorkerOptions } from '../fit/fit-in-worker.ts';
import type { FitWorkerData, FitWorkerResult } from '../fit/fit-worker-protocol.ts';
import { dFromGamma } from '../physics/dephasing-map.ts';
import type { SimulationOptions } from '../physics/options.ts';
import type { CurvePages } from './curve-pages.ts';
import type { DatasetLibrary } from './dataset-library.ts';
import type { RunManager } from './run-manager.ts';
import type { RunPredictions } from './run-predictions.ts';

export interface CurveFitRequest extends FitRecipeChoice {
  readonly datasetId: string;
  readonly split: CurveSplit;
  readonly curveIndex: number;
  /** Start from this run's stored prediction for the curve. */
  readonly runId?: string;
  /** Start from this point; with neither, from the centre of the recipe's priors. */
  readonly start?: CurveParameters;
  readonly maxEvaluations?: number;
}

export type StartSource = 'run' | 'given' | 'prior';

/** The recipe of a fit in the few facts a person checks: where it came from, lattice, detuning, seed. */
export interface FitRecipeSummary {
  /** False when no recipe is known and the physics defaults (or the caller's settings) stand in. */
  readonly known: boolean;
  readonly from: string;
  readonly kernel: string;
  readonly seed: number;
  readonly lattice: number;
  readonly detuning: SimulationOptions['detuning'];
  readonly normalisation: string;
  readonly dephasingMap: SimulationOptions['dephasingMap'];
  readonly counterRotating: boolean;
}

export function summariseFitRecipe(recipe: FitRecipe): FitRecipeSummary {
  const { options } = recipe;
  const { normalisation } = options;
  return {
    known: !recipe.assumed,
    from: recipe.from,
    kernel: recipe.kernel,
    seed: recipe.seed,
    lattice: options.lattice,
    detuning: options.detuning,
    normalisation: normalisation.kind === 'sum' ? `sum (c = ${normalisation.c})` : normalisation.kind === 'cutoff' ? `cutoff (R = ${normalisation.radius})` : 'none',
    dephasingMap: options.dephasingMap,
    counterRotating: options.counterRotating,
  };
}

export interface CurveFitPlan {
  readonly datasetId: string;
  readonly split: CurveSplit;
  readonly curveIndex: number;
  readonly recipe: SimulationRecipe;
  readonly recipeSummary: FitRecipeSummary;
  /** The stored curve, length x 2 (Re, Im interleaved). */
  readonly target: Float64Array;
  readonly startFrom: StartSource;
  readonly runId: string | null;
  /** The start as asked for: the fit moves it inside the search bounds when it lies outside. */
  readonly requestedStart: CurveParameters;
  readonly truth: CurveParameters | null;
  readonly maxEvaluations: number;
}

export interface CurveFitOutcome {
  readonly datasetId: string;
  readonly split: CurveSplit;
  readonly curveIndex: number;
  readonly recipe: FitRecipeSummary;
  readonly startFrom: StartSource;
  readonly runId: string | null;
  readonly requestedStart: CurveParameters;
  /** The start the fit used, with its distance. */
  readonly start: FitPoint;
  readonly startMoved: boolean;
  readonly fit: FitPoint;
  readonly truth: CurveParameters | null;
  readonly truthDistance: number | null;
  readonly evaluations: number;
  readonly stopped: FitResult['stopped'];
  readonly rms: number;
  readonly seconds: number;
  readonly length: number;
  readonly target: Float64Array;
  readonly startCurve: Float64Array;
  readonly fittedCurve: Float64Array;
}

export type CurveFitter = (data: FitWorkerData, options: FitInWorkerOptions) => Promise<FitWorkerResult>;

/** The parts of the workspace a fit reads: the data set, the run and its stored predictions. */
export interface CurveFitSources {
  readonly datasets: Pick<DatasetLibrary, 'get'>;
  readonly runs: Pick<RunManager, 'get'>;
  readonly predictions: Pick<RunPredictions, 'read'>;
}

export interface RunFitOptions extends FitInWorkerOptions {
  /** Keep the outcome under this key (a job's id) for outcome() to fetch. */
  readonly keepAs?: string;
}

/** Outcomes kept for fetching: a page asks for its fit's at once, so a few suffice. */
const KEPT_OUTCOMES = 16;

/** The centre of the recipe's priors, where the search coordinates are all zero: alpha's middle, xi's in log space, d's through Gamma. */
export function priorCentre(options: SimulationOptions): CurveParameters {
  const { alpha, xi, Gamma } = resolveFitBounds(options);
  return { alpha: (alpha[0] + alpha[1]) / 2, xi: Math.sqrt(xi[0] * xi[1]), d: dFromGamma((Gamma[0] + Gamma[1]) / 2, options.dephasingMap) };
}

export class CurveFits {
  private readonly outcomes = new Map<string, CurveFitOutcome>();

  constructor(
    private readonly workspace: CurveFitSources,
    private readonly pages: CurvePages,
    private readonly fitter: CurveFitter = fitCurveInWorker,
  ) {}

  /** Checks a request and gathers what its fit needs; InputError saying why a fit cannot run. */
  async plan(request: CurveFitRequest): Promise<CurveFitPlan> {
    const { datasetId, split, curveIndex } = request;
    const dataset = this.workspace.datasets.get(datasetId);
    if (request.runId !== undefined && request.start !== undefined) throw new InputError('start from a run or from a given point, not both');
    const maxEvaluations = request.maxEvaluations ?? DEFAULT_MAX_EVALUATIONS;
    if (!Number.isInteger(maxEvaluations) || maxEvaluations < 2) throw new InputError(`the fit needs at least 2 simulations, not ${maxEvaluations}`);
    const chosen = await fitRecipeOf(dataset, { seed: request.seed, settings: request.settings });
    const page = await this.pages.page(datasetId, { split, indices: [curveIndex] });
    const row = (values: ArrayLike<number>, at: number): CurveParameters => ({ alpha: values[at], xi: values[at + 1], d: values[at + 2] });
    let startFrom: StartSource = 'prior';
    let requestedStart = priorCentre(chosen.options);
    if (request.start) {
      if (!(request.start.xi > 0)) throw new InputError(`the start's xi must be positive, not ${request.start.xi}`);
      [startFrom, requestedStart] = ['given', request.start];
    } else if (request.runId !== undefined) {
      [startFrom, requestedStart] = ['run', await this.predictionOf(request.runId, datasetId, split, curveIndex).then((values) => row(values, 0))];
    }
    return {
      datasetId,
      split,
      curveIndex,
      recipe: curveRecipe(chosen, split, curveIndex, dataset.modelCount),
      recipeSummary: summariseFitRecipe(chosen),
      target: Float64Array.from(page.curves),
      startFrom,
      runId: request.runId ?? null,
      requestedStart,
      truth: page.labels ? row(page.labels, 0) : null,
      maxEvaluations,
    };
  }

  /** Runs a planned fit; with `keepAs`, keeps its outcome under that key. */
  async run(plan: CurveFitPlan, { keepAs, ...options }: RunFitOptions = {}): Promise<CurveFitOutcome> {
    const { recipe, target, requestedStart, truth, maxEvaluations } = plan;
    const { result, startCurve, fittedCurve, truthDistance } = await this.fitter({ target, recipe, start: requestedStart, maxEvaluations, truth }, options);
    const outcome: CurveFitOutcome = {
      datasetId: plan.datasetId,
      split: plan.split,
      curveIndex: plan.curveIndex,
      recipe: plan.recipeSummary,
      startFrom: plan.startFrom,
      runId: plan.runId,
      requestedStart,
      start: result.start,
      startMoved: result.startMoved,
      fit: result.best,
      truth,
      truthDistance,
      evaluations: result.evaluations,
      stopped: result.stopped,
      rms: result.rms,
      seconds: result.seconds,
      length: target.length / 2,
      target,
      startCurve,
      fittedCurve,
    };
    if (keepAs === undefined) return outcome;
    this.outcomes.set(keepAs, outcome);
    for (const old of this.outcomes.keys()) {
      if (this.outcomes.size <= KEPT_OUTCOMES) break;
      this.outcomes.delete(old);
    }
    return outcome;
  }

  /** The recipe a fit of the data set's curves would use with these changes; InputError saying why none can run. */
  async recipe(datasetId: string, choice: FitRecipeChoice = {}): Promise<FitRecipeSummary> {
    return summariseFitRecipe(await fitRecipeOf(this.workspace.datasets.get(datasetId), choice));
  }

  /** The outcome of a fit that ended well; InputError for one still running, failed, cancelled or long forgotten. */
  outcome(key: string): CurveFitOutcome {
    const outcome = this.outcomes.get(key);
    if (!outcome) throw new InputError(`no fit result for job '${key}': it is still running, ended without one, or was forgotten`);
    return outcome;
  }

  /** A run's stored prediction (alpha, xi, d) for the curve; InputError when it has none. */
  private async predictionOf(runId: string, datasetId: string, split: CurveSplit, curveIndex: number): Promise<Float64Array> {
    const run = this.workspace.runs.get(runId);
    if (run.datasetId !== datasetId) throw new InputError(`run '${runId}' was trained on data set ${run.datasetId}, not ${datasetId}`);
    const stored = await this.workspace.predictions.read(runId, split === 'model' ? 'validation' : 'eval');
    const at = stored.indices.indexOf(curveIndex);
    if (at < 0) throw new InputError(`run '${runId}' stored no prediction for model curve ${curveIndex}: it trained on it (pick one of its validation curves, or start elsewhere)`);
    return stored.labels.subarray(3 * at, 3 * at + 3);
  }
}
