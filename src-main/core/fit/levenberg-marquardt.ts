// Least squares by Levenberg-Marquardt with a forward-difference Jacobian: no derivatives asked of
// the model, an evaluation budget, progress and cancellation between evaluations.
import { InputError, throwIfCancelled } from '../errors.ts';

/** The residual vector at x: the fit minimises the sum of its squares. */
export type Residuals = (x: Float64Array) => ArrayLike<number> | Promise<ArrayLike<number>>;

export interface LevenbergMarquardtOptions {
  readonly maxEvaluations: number;
  /** Forward-difference step of each coordinate (one for all, or one per dimension). */
  readonly differenceStep?: number | readonly number[];
  /** Converged when a step moves no coordinate by more than this... */
  readonly xTolerance?: number;
  /** ...or lowers the sum of squares by less than this fraction of it. */
  readonly fTolerance?: number;
  readonly signal?: AbortSignal;
  /** After every evaluation: the count so far and the best point and sum of squares. */
  readonly onEvaluation?: (evaluations: number, best: { readonly x: Float64Array; readonly f: number }) => void;
}

export interface LevenbergMarquardtResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly evaluations: number;
  readonly stopped: 'converged' | 'max-evaluations';
}

class BudgetSpent extends Error {}

const sumOfSquares = (r: ArrayLike<number>) => {
  let sum = 0;
  for (let i = 0; i < r.length; i++) sum += r[i] * r[i];
  return sum;
};

/** Solves the n x n system A d = b (row-major A) by Gaussian elimination with partial pivoting; null if singular. */
export function solveLinearSystem(A: Float64Array, b: Float64Array): Float64Array | null {
  const n = b.length;
  const m = Float64Array.from(A);
  const x = Float64Array.from(b);
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let row = column + 1; row < n; row++) if (Math.abs(m[row * n + column]) > Math.abs(m[pivot * n + column])) pivot = row;
    if (!(Math.abs(m[pivot * n + column]) > 0)) return null;
    if (pivot !== column) {
      for (let k = 0; k < n; k++) [m[column * n + k], m[pivot * n + k]] = [m[pivot * n + k], m[column * n + k]];
      [x[column], x[pivot]] = [x[pivot], x[column]];
    }
    for (let row = column + 1; row < n; row++) {
      const factor = m[row * n + column] / m[column * n + column];
      for (let k = column; k < n; k++) m[row * n + k] -= factor * m[column * n + k];
      x[row] -= factor * x[column];
    }
  }
  for (let row = n - 1; row >= 0; row--) {
    let sum = x[row];
    for (let k = row + 1; k < n; k++) sum -= m[row * n + k] * x[k];
    x[row] = sum / m[row * n + row];
  }
  return x.every(Number.isFinite) ? x : null;
}

/**
 * Minimises the sum of squared residuals from `start`. Each iteration costs n evaluations for
 * the Jacobian and one per trial step: the damped Gauss-Newton step (J'J + lambda diag J'J) d =
 * -J'r, with lambda shrunk after a step that lowers the sum and grown until one does (Marquardt's
 * scaling makes it indifferent to the units of each coordinate). Non-finite residuals reject a step.
 */
export async function minimizeLevenbergMarquardt(residuals: Residuals, start: ArrayLike<number>, options: LevenbergMarquardtOptions): Promise<LevenbergMarquardtResult> {
  const n = start.length;
  if (n < 1 || !Array.from(start).every(Number.isFinite)) throw new InputError(`the start point must be finite numbers, not [${Array.from(start).join(', ')}]`);
  const { maxEvaluations } = options;
  if (!Number.isInteger(maxEvaluations) || maxEvaluations < 1) throw new InputError(`maxEvaluations must be a positive integer, not ${maxEvaluations}`);
  const given = options.differenceStep ?? 1e-6;
  const steps = typeof given === 'number' ? Array(n).fill(given) : [...given];
  if (steps.length !== n || !steps.every((h) => Number.isFinite(h) && h !== 0)) throw new InputError(`differenceStep must be ${n} non-zero finite numbers`);
  const xTolerance = options.xTolerance ?? 1e-8;
  const fTolerance = options.fTolerance ?? 1e-10;

  let evaluations = 0;
  let best = { x: Float64Array.from(start), f: Infinity };
  const evaluate = async (x: Float64Array): Promise<{ r: Float64Array; f: number }> => {
    if (evaluations >= maxEvaluations) throw new BudgetSpent();
    await new Promise<void>((resolve) => setImmediate(resolve));
    throwIfCancelled(options.signal);
    const r = Float64Array.from(await residuals(x));
    evaluations++;
    const f = sumOfSquares(r);
    const value = Number.isFinite(f) ? f : Infinity;
    if (value < best.f || evaluations === 1) best = { x: Float64Array.from(x), f: value };
    options.onEvaluation?.(evaluations, best);
    return { r, f: value };
  };

  try {
    let x = Float64Array.from(start);
    let { r, f } = await evaluate(x);
    if (f === Infinity) throw new InputError('the residuals are not finite at the start point');
    let lambda = 1e-3;
    for (;;) {
      const jacobian: Float64Array[] = [];
      for (let j = 0; j < n; j++) {
        const shifted = Float64Array.from(x);
        shifted[j] += steps[j];
        const { r: rj } = await evaluate(shifted);
        jacobian.push(Float64Array.from(rj, (value, i) => (value - r[i]) / steps[j]));
      }
      const normal = new Float64Array(n * n);
      const gradient = new Float64Array(n);
      for (let a = 0; a < n; a++) {
        for (let b = a; b < n; b++) {
          let sum = 0;
          for (let i = 0; i < r.length; i++) sum += jacobian[a][i] * jacobian[b][i];
          normal[a * n + b] = normal[b * n + a] = sum;
        }
        let g = 0;
        for (let i = 0; i < r.length; i++) g += jacobian[a][i] * r[i];
        gradient[a] = -g;
      }
      const largest = Math.max(...Array.from({ length: n }, (_, a) => normal[a * n + a]));
      if (!(largest > 0) || !Number.isFinite(largest)) break;
      let accepted = false;
      while (!accepted && lambda < 1e12) {
        const damped = Float64Array.from(normal);
        for (let a = 0; a < n; a++) damped[a * n + a] += lambda * Math.max(normal[a * n + a], 1e-12 * largest);
        const step = solveLinearSystem(damped, gradient);
        if (!step) {
          lambda *= 4;
          continue;
        }
        const trial = Float64Array.from(x, (value, i) => value + step[i]);
        const next = await evaluate(trial);
        if (next.f < f) {
          const reduction = (f - next.f) / f;
          const moved = Math.max(...Array.from(step, Math.abs));
          x = trial;
          r = next.r;
          f = next.f;
          lambda = Math.max(lambda / 3, 1e-9);
          accepted = true;
          if (reduction < fTolerance || moved < xTolerance || f === 0) return { x: best.x, f: best.f, evaluations, stopped: 'converged' };
        } else lambda *= 4;
      }
      if (!accepted) break;
    }
    return { x: best.x, f: best.f, evaluations, stopped: 'converged' };
  } catch (error) {
    if (error instanceof BudgetSpent) return { x: best.x, f: best.f, evaluations, stopped: 'max-evaluations' };
    throw error;
  }
}
