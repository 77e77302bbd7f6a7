import { describe, expect, it } from 'vitest';
import { CancelledError, InputError } from '../../../src-main/core/errors.ts';
import { minimizeNelderMead } from '../../../src-main/core/fit/nelder-mead.ts';

const rosenbrock = (x: Float64Array) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;

describe('Nelder-Mead', () => {
  it("finds the minimum of Rosenbrock's valley from the classic start (-1.2, 1)", async () => {
    const result = await minimizeNelderMead(rosenbrock, [-1.2, 1], { initialStep: 0.5, maxEvaluations: 2000, xTolerance: 1e-8, fTolerance: 1e-12 });
    expect(result.stopped).toBe('converged');
    expect(result.x[0]).toBeCloseTo(1, 4);
    expect(result.x[1]).toBeCloseTo(1, 4);
    expect(result.f).toBeLessThan(1e-8);
    expect(result.evaluations).toBeLessThan(2000);
  });

  it('finds the minimum of a badly scaled 4-D quadratic, and of an asynchronous objective', async () => {
    const centre = [3, -2, 0.5, 10];
    const weights = [1, 100, 0.01, 5];
    const quadratic = (x: Float64Array) => x.reduce((sum, v, i) => sum + weights[i] * (v - centre[i]) ** 2, 0);
    const result = await minimizeNelderMead(async (x) => quadratic(x), [0, 0, 0, 0], { initialStep: [1, 0.1, 5, 1], maxEvaluations: 5000, xTolerance: 1e-7, fTolerance: 1e-14 });
    result.x.forEach((v, i) => expect(v).toBeCloseTo(centre[i], 3));
  });

  it('treats non-finite values as the worst possible and moves away from them', async () => {
    const result = await minimizeNelderMead((x) => (x[0] < 0 ? NaN : (x[0] - 1) ** 2 + (x[1] + 2) ** 2), [0.1, 0], { initialStep: -0.5, maxEvaluations: 1000 });
    expect(result.x[0]).toBeCloseTo(1, 4);
    expect(result.x[1]).toBeCloseTo(-2, 4);
  });

  it('stops at the budget with the best point seen, and reports every evaluation', async () => {
    const seen: number[] = [];
    let bestSeen = Infinity;
    const reports: [number, number][] = [];
    const result = await minimizeNelderMead(
      (x) => {
        const f = rosenbrock(x);
        seen.push(f);
        bestSeen = Math.min(bestSeen, f);
        return f;
      },
      [-1.2, 1],
      { initialStep: 0.5, maxEvaluations: 25, onEvaluation: (count, best) => reports.push([count, best.f]) },
    );
    expect(result.stopped).toBe('max-evaluations');
    expect(result.evaluations).toBe(25);
    expect(seen).toHaveLength(25);
    expect(result.f).toBe(bestSeen);
    expect(rosenbrock(result.x)).toBe(bestSeen);
    expect(reports.map(([count]) => count)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    reports.slice(1).forEach(([, f], i) => expect(f).toBeLessThanOrEqual(reports[i][1]));
  });

  it('cancels between evaluations', async () => {
    const controller = new AbortController();
    let calls = 0;
    const run = minimizeNelderMead(
      (x) => {
        if (++calls === 5) controller.abort();
        return rosenbrock(x);
      },
      [-1.2, 1],
      { initialStep: 0.5, maxEvaluations: 1000, signal: controller.signal },
    );
    await expect(run).rejects.toThrow(CancelledError);
    expect(calls).toBe(5);
  });

  it('refuses a bad start, step or budget', async () => {
    await expect(minimizeNelderMead(rosenbrock, [NaN, 1], { initialStep: 1, maxEvaluations: 10 })).rejects.toThrow(InputError);
    await expect(minimizeNelderMead(rosenbrock, [0, 1], { initialStep: [1], maxEvaluations: 10 })).rejects.toThrow(/initialStep/);
    await expect(minimizeNelderMead(rosenbrock, [0, 1], { initialStep: 1, maxEvaluations: 0 })).rejects.toThrow(/maxEvaluations/);
  });
});
