import { describe, expect, it } from 'vitest';
import { CancelledError, InputError } from '../../../src-main/core/errors.ts';
import { minimizeLevenbergMarquardt, solveLinearSystem } from '../../../src-main/core/fit/levenberg-marquardt.ts';

describe('linear systems', () => {
  it('solves with pivoting, and reports a singular matrix as null', () => {
    // The first pivot is zero: the rows must be swapped.
    const x = solveLinearSystem(Float64Array.of(0, 2, 1, 1, 1, 1, 2, 1, 3), Float64Array.of(7, 6, 13));
    expect(Array.from(x!).map((v) => Number(v.toFixed(12)))).toEqual([1, 2, 3]);
    expect(solveLinearSystem(Float64Array.of(1, 2, 2, 4), Float64Array.of(1, 2))).toBeNull();
  });
});

describe('Levenberg-Marquardt', () => {
  it("finds the minimum of Rosenbrock's function as least squares, r = (10 (y - x^2), 1 - x), from (-1.2, 1)", async () => {
    const result = await minimizeLevenbergMarquardt((p) => [10 * (p[1] - p[0] ** 2), 1 - p[0]], [-1.2, 1], { maxEvaluations: 500, differenceStep: 1e-7 });
    expect(result.stopped).toBe('converged');
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    expect(result.evaluations).toBeLessThan(200);
  });

  it('fits an exponential decay with an offset to exact data, in few evaluations', async () => {
    const times = Array.from({ length: 40 }, (_, i) => i / 4);
    const model = (p: ArrayLike<number>) => times.map((t) => p[0] * Math.exp(-p[1] * t) + p[2]);
    const data = model([2.5, 0.7, -0.3]);
    const result = await minimizeLevenbergMarquardt((p) => model(p).map((v, i) => v - data[i]), [1, 0.2, 0], { maxEvaluations: 300 });
    expect(result.x[0]).toBeCloseTo(2.5, 5);
    expect(result.x[1]).toBeCloseTo(0.7, 5);
    expect(result.x[2]).toBeCloseTo(-0.3, 5);
    expect(result.f).toBeLessThan(1e-12);
  });

  it('keeps to its budget, reports each evaluation, and cancels between evaluations', async () => {
    const counts: number[] = [];
    const residuals = (p: ArrayLike<number>) => [10 * (p[1] - p[0] ** 2), 1 - p[0]];
    const short = await minimizeLevenbergMarquardt(residuals, [-1.2, 1], { maxEvaluations: 7, onEvaluation: (count) => counts.push(count) });
    expect(short).toMatchObject({ evaluations: 7, stopped: 'max-evaluations' });
    expect(counts).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // At the start the sum is (10 (1 - 1.44))^2 + 2.2^2 = 24.2.
    expect(short.f).toBeLessThan(24.2);

    const controller = new AbortController();
    let calls = 0;
    const run = minimizeLevenbergMarquardt(
      (p) => {
        if (++calls === 4) controller.abort();
        return residuals(p);
      },
      [-1.2, 1],
      { maxEvaluations: 100, signal: controller.signal },
    );
    await expect(run).rejects.toThrow(CancelledError);
    expect(calls).toBe(4);
  });

  it('refuses a start where the residuals are not finite, and bad options', async () => {
    await expect(minimizeLevenbergMarquardt(() => [NaN], [0], { maxEvaluations: 10 })).rejects.toThrow(/not finite at the start/);
    await expect(minimizeLevenbergMarquardt(() => [1], [0], { maxEvaluations: 0 })).rejects.toThrow(InputError);
    await expect(minimizeLevenbergMarquardt(() => [1], [0, 1], { maxEvaluations: 5, differenceStep: [1e-6] })).rejects.toThrow(/differenceStep/);
  });
});
