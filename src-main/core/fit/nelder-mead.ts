// Derivative-free minimisation by the Nelder-Mead simplex method (in the convention of Lagarias et
// al. 1998), with an evaluation budget, restarts, progress and cancellation between evaluations.
import { InputError, throwIfCancelled } from '../errors.ts';

export type Objective = (x: Float64Array) => number | Promise<number>;

export interface NelderMeadOptions {
  /** Edge of the first simplex along each axis: one for all, or one per dimension. */
  readonly initialStep: number | readonly number[];
  /** Most objective evaluations; the best point so far is returned when they run out. */
  readonly maxEvaluations: number;
  /** Converged when every vertex lies within this of the best along every axis... */
  readonly xTolerance?: number;
  /** ...and every vertex's value within this of the best value. */
  readonly fTolerance?: number;
  /**
   * After convergence, start again from a fresh simplex around the best point, at most this many
   * times: a simplex that has collapsed onto a non-stationary point (which Nelder-Mead can do) is
   * rebuilt, and a true minimum costs only one more round to confirm.
   */
  readonly restarts?: number;
  readonly signal?: AbortSignal;
  /** After every evaluation: the count so far and the best point and value. */
  readonly onEvaluation?: (evaluations: number, best: { readonly x: Float64Array; readonly f: number }) => void;
}

export interface NelderMeadResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly evaluations: number;
  /** Why it stopped: both tolerances met (after the restarts), or the budget ran out. */
  readonly stopped: 'converged' | 'max-evaluations';
}

// Reflection, expansion, contraction and shrink coefficients: the classic 1, 2, 1/2, 1/2.
const REFLECT = 1;
const EXPAND = 2;
const CONTRACT = 0.5;
const SHRINK = 0.5;

/** Thrown inside when the budget is spent; never leaves the module. */
class BudgetSpent extends Error {}

interface Vertex {
  x: Float64Array;
  f: number;
}

/** Minimises `objective` from `start`. Non-finite values count as +Infinity (a point to move away from). */
export async function minimizeNelderMead(objective: Objective, start: ArrayLike<number>, options: NelderMeadOptions): Promise<NelderMeadResult> {
  const n = start.length;
  if (n < 1) throw new InputError('Nelder-Mead needs at least one dimension');
  if (!Array.from(start).every(Number.isFinite)) throw new InputError(`the start point must be finite, not [${Array.from(start).join(', ')}]`);
  const steps = typeof options.initialStep === 'number' ? Array(n).fill(options.initialStep) : [...options.initialStep];
  if (steps.length !== n || !steps.every((s) => Number.isFinite(s) && s !== 0)) throw new InputError(`initialStep must be ${n} non-zero finite numbers`);
  const { maxEvaluations } = options;
  if (!Number.isInteger(maxEvaluations) || maxEvaluations < 1) throw new InputError(`maxEvaluations must be a positive integer, not ${maxEvaluations}`);
  const xTolerance = options.xTolerance ?? 1e-6;
  const fTolerance = options.fTolerance ?? 1e-9;
  const restarts = options.restarts ?? 1;

  let evaluations = 0;
  let best: Vertex = { x: Float64Array.from(start), f: Infinity };
  const evaluate = async (x: Float64Array): Promise<Vertex> => {
    if (evaluations >= maxEvaluations) throw new BudgetSpent();
    // A pause between evaluations lets a cancel (a signal handler, an IPC message) get through.
    await new Promise<void>((resolve) => setImmediate(resolve));
    throwIfCancelled(options.signal);
    const raw = await objective(x);
    evaluations++;
    const vertex = { x, f: Number.isFinite(raw) ? raw : Infinity };
    if (vertex.f < best.f || evaluations === 1) best = { x: Float64Array.from(x), f: vertex.f };
    options.onEvaluation?.(evaluations, best);
    return vertex;
  };
  const along = (from: Float64Array, to: Float64Array, t: number) => Float64Array.from(from, (value, i) => value + t * (to[i] - value));

  const converged = (simplex: Vertex[]): boolean => {
    const [first, ...rest] = simplex;
    return rest.every((v) => Math.abs(v.f - first.f) <= fTolerance && v.x.every((value, i) => Math.abs(value - first.x[i]) <= xTolerance));
  };

  try {
    let simplex: Vertex[] = [await evaluate(Float64Array.from(start))];
    for (let round = 0; round <= restarts; round++) {
      if (round > 0) simplex = [{ x: Float64Array.from(best.x), f: best.f }];
      for (let i = 0; i < n; i++) {
        const x = Float64Array.from(simplex[0].x);
        x[i] += steps[i];
        simplex.push(await evaluate(x));
      }
      const roundStart = best.f;
      for (;;) {
        simplex.sort((a, b) => a.f - b.f);
        if (converged(simplex)) break;
        const worst = simplex[n];
        const centroid = new Float64Array(n);
        for (let v = 0; v < n; v++) for (let i = 0; i < n; i++) centroid[i] += simplex[v].x[i] / n;
        const reflected = await evaluate(along(centroid, worst.x, -REFLECT));
        if (reflected.f < simplex[0].f) {
          const expanded = await evaluate(along(centroid, worst.x, -REFLECT * EXPAND));
          simplex[n] = expanded.f < reflected.f ? expanded : reflected;
        } else if (reflected.f < simplex[n - 1].f) {
          simplex[n] = reflected;
        } else {
          const outside = reflected.f < worst.f;
          const contracted = await evaluate(along(centroid, worst.x, outside ? -REFLECT * CONTRACT : CONTRACT));
          if (contracted.f < (outside ? reflected.f : worst.f) || (outside && contracted.f === reflected.f)) {
            simplex[n] = contracted;
          } else {
            for (let v = 1; v <= n; v++) simplex[v] = await evaluate(along(simplex[0].x, simplex[v].x, SHRINK));
          }
        }
      }
      // A restart that found nothing better confirms the minimum: no need for more.
      if (round > 0 && roundStart - best.f <= fTolerance) break;
    }
    return { x: best.x, f: best.f, evaluations, stopped: 'converged' };
  } catch (error) {
    if (error instanceof BudgetSpent) return { x: best.x, f: best.f, evaluations, stopped: 'max-evaluations' };
    throw error;
  }
}
