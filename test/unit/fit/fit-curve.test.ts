import { describe, expect, it } from 'vitest';
import { CancelledError, InputError } from '../../../src-main/core/errors.ts';
import { fitCurve, resolveFitBounds, type FitProgress } from '../../../src-main/core/fit/fit-curve.ts';
import type { KernelName } from '../../../src-main/core/physics/kernels.ts';
import { resolveSimulationOptions } from '../../../src-main/core/physics/options.ts';
import { simulateCurve } from '../../../src-main/core/physics/simulate-curve.ts';

// A small lattice keeps each simulation to milliseconds; the data set seed fixes the detuning draw.
const L = 24;
const SEED = 3;
const recipe = (kernel: KernelName) => ({ kernel, options: { lattice: L }, seed: SEED, curveIndex: 0 });
const target = (kernel: KernelName, alpha: number, xi: number, d: number) => simulateCurve(kernel, alpha, xi, d, { lattice: L, seed: SEED }).data;

// 5% of the prior ranges: alpha in [0, 20], d in [6, 14) as physics.md gives it.
const ALPHA_TOLERANCE = 0.05 * 20;
const D_TOLERANCE = 0.05 * 8;

describe('fit by simulation', () => {
  it.each([
    ['gauss', [8, 6, 7], [10, 8, 7.6]],
    ['rkky', [15, 5, 6.5], [13, 6.5, 7.2]],
  ] as const)('recovers alpha and d of a %s curve from a perturbed start', async (kernel, [alpha, xi, d], [a0, x0, d0]) => {
    const progress: FitProgress[] = [];
    const result = await fitCurve({
      target: target(kernel, alpha, xi, d),
      recipe: recipe(kernel),
      start: { alpha: a0, xi: x0, d: d0 },
      maxEvaluations: 200,
      onProgress: (p) => progress.push(p),
    });
    expect(Math.abs(result.best.alpha - alpha)).toBeLessThan(ALPHA_TOLERANCE);
    expect(Math.abs(result.best.d - d)).toBeLessThan(D_TOLERANCE);
    expect(result.best.distance).toBeLessThan(result.start.distance / 100);
    expect(result.start).toMatchObject({ alpha: expect.closeTo(a0, 9), xi: expect.closeTo(x0, 9), d: expect.closeTo(d0, 9) });
    expect(result.startMoved).toBe(false);
    expect(result.evaluations).toBeLessThanOrEqual(200);
    expect(progress.map((p) => p.done)).toEqual(Array.from({ length: result.evaluations }, (_, i) => i + 1));
    expect(progress.every((p) => p.total === 200)).toBe(true);
    progress.slice(1).forEach((p, i) => expect(p.best.distance).toBeLessThanOrEqual(progress[i].best.distance));
    expect(progress.at(-1)!.best).toEqual(result.best);
  });

  it('moves a start beyond the bounds inside them, and cancels between simulations', async () => {
    const controller = new AbortController();
    let reports = 0;
    const fit = fitCurve({
      target: target('gauss', 8, 6, 7),
      recipe: recipe('gauss'),
      start: { alpha: -2, xi: 6, d: 7 },
      signal: controller.signal,
      onProgress: () => {
        if (++reports === 3) controller.abort();
      },
    });
    await expect(fit).rejects.toThrow(CancelledError);
    expect(reports).toBe(3);

    const short = await fitCurve({ target: target('gauss', 8, 6, 7), recipe: recipe('gauss'), start: { alpha: -2, xi: 6, d: 7 }, maxEvaluations: 4 });
    expect(short.startMoved).toBe(true);
    expect(short.start.alpha).toBeGreaterThan(0);
    expect(short.evaluations).toBe(4);
    expect(short.stopped).toBe('max-evaluations');
  });

  it('searches the priors of the recipe by default, and refuses bad requests', async () => {
    expect(resolveFitBounds(resolveSimulationOptions({}))).toEqual({ alpha: [0, 20], xi: [3.5, 110], Gamma: [0, 0.0025] });
    expect(() => resolveFitBounds(resolveSimulationOptions({}), { alpha: [3, 3] })).toThrow(/lo < hi/);
    const curve = target('gauss', 8, 6, 7);
    await expect(fitCurve({ target: curve.subarray(2), recipe: recipe('gauss'), start: { alpha: 8, xi: 6, d: 7 } })).rejects.toThrow(/470 samples/);
    await expect(fitCurve({ target: curve, recipe: recipe('gauss'), start: { alpha: 8, xi: -6, d: 7 } })).rejects.toThrow(InputError);
    await expect(fitCurve({ target: curve, recipe: recipe('gauss'), start: { alpha: 8, xi: 6, d: 7 }, maxEvaluations: 1 })).rejects.toThrow(/at least 2/);
  });
});
