// The messages between a curve fit and the worker thread that runs it.
import type { CurveParameters, FitProgress, FitResult, SimulationRecipe } from './fit-curve.ts';

export interface FitWorkerData {
  /** The curve to fit, length x 2 with Re and Im interleaved. */
  readonly target: Float64Array;
  readonly recipe: SimulationRecipe;
  readonly start: CurveParameters;
  readonly maxEvaluations: number;
  /** Also simulated at the end, for its distance to the target (whether the recipe reproduces the curve). */
  readonly truth: CurveParameters | null;
}

/** The fit with the curves simulated at its start and its best point. */
export interface FitWorkerResult {
  readonly result: FitResult;
  readonly startCurve: Float64Array;
  readonly fittedCurve: Float64Array;
  /** Distance of the truth's simulated curve to the target; null without a truth, or where it cannot be simulated. */
  readonly truthDistance: number | null;
}

export type FitWorkerReply =
  | { readonly type: 'progress'; readonly progress: FitProgress }
  | ({ readonly type: 'done' } & FitWorkerResult)
  | { readonly type: 'error'; readonly input: boolean; readonly message: string };
