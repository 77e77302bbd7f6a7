// True against predicted points of one parameter of a run, each with its ±1 std bar when the run
// estimates its uncertainty, and the span of the values for the identity line.
import type { CallResult } from '../../../src-main/core/api/contract.ts';
import type { ErrorBarPoint } from '../components/error-bars.ts';
import { PARAMETERS, type Parameter } from './compare.ts';

export interface PredictionPoints {
  readonly points: ErrorBarPoint[];
  /** Smallest and largest finite true or predicted value (bars aside); Infinity and -Infinity when none. */
  readonly lo: number;
  readonly hi: number;
}

/** The points of a run with an answer key: x true, y predicted, and y ± std where the run has a std. */
export function predictionPoints(predictions: CallResult<'getRunPredictions'>, parameter: Parameter): PredictionPoints {
  const p = PARAMETERS.indexOf(parameter);
  const { truth, std, count } = predictions;
  let lo = Infinity;
  let hi = -Infinity;
  const points: ErrorBarPoint[] = new Array(truth ? count : 0);
  for (let k = 0; k < points.length; k++) {
    const x = truth![3 * k + p];
    const y = predictions.predictions[3 * k + p];
    if (Number.isFinite(x)) [lo, hi] = [Math.min(lo, x), Math.max(hi, x)];
    if (Number.isFinite(y)) [lo, hi] = [Math.min(lo, y), Math.max(hi, y)];
    const spread = std ? std[3 * k + p] : NaN;
    points[k] = Number.isFinite(spread) ? { x, y, yMin: y - spread, yMax: y + spread } : { x, y };
  }
  return { points, lo, hi };
}
