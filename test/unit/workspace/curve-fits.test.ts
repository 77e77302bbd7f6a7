// Fits of stored curves for the explorer: a request becomes a plan (its curve, its data set's
// recipe, its start and truth), runs in a worker thread, and leaves an outcome to fetch; bad
// requests are refused before any job starts.
import { describe, expect, it } from 'vitest';
import { CurvePages } from '../../../src-main/core/workspace/curve-pages.ts';
import { CancelledError, InputError } from '../../../src-main/core/errors.ts';
import type { FitProgress } from '../../../src-main/core/fit/fit-curve.ts';
import { resolveSimulationOptions } from '../../../src-main/core/physics/options.ts';
import { simulateCurve } from '../../../src-main/core/physics/simulate-curve.ts';
import type { DatasetArrays } from '../../../src-main/core/formats/dataset-files.ts';
import type { DatasetRecord } from '../../../src-main/core/store/datasets.ts';
import { CurveFits, priorCentre, type CurveFitter } from '../../../src-main/core/workspace/curve-fits.ts';
import type { StoredPredictions } from '../../../src-main/core/workspace/run-predictions.ts';
import type { Workspace } from '../../../src-main/core/workspace/workspace.ts';

// A small lattice keeps each simulation to a millisecond or so.
const LATTICE = 8;
const SEED = 5;
const MODEL_LABELS = [
  [8, 6, 7],
  [12, 5, 8],
  [5, 9, 6.5],
];
const EVAL_LABELS = [
  [10, 7, 7.5],
  [6, 4.5, 9],
];

function curvesOf(labels: number[][], firstIndex: number): Float64Array {
  const curves = labels.map(([alpha, xi, d], k) => simulateCurve('gauss', alpha, xi, d, { lattice: LATTICE, seed: SEED, curveIndex: firstIndex + k }).data);
  const out = new Float64Array(curves.reduce((sum, curve) => sum + curve.length, 0));
  curves.forEach((curve, k) => out.set(curve, k * curve.length));
  return out;
}

const length = curvesOf([MODEL_LABELS[0]], 0).length / 2;
const arrays: DatasetArrays = {
  header: { format: 'spin-echo-arrays/1', length, modelCount: 3, evalCount: 2, hasEvalTruth: true },
  model: { count: 3, length, data: curvesOf(MODEL_LABELS, 0) },
  labels: { count: 3, data: Float64Array.from(MODEL_LABELS.flat()) },
  eval: { count: 2, length, data: curvesOf(EVAL_LABELS, 3) },
  evalTruth: { count: 2, data: Float64Array.from(EVAL_LABELS.flat()) },
};

const options = resolveSimulationOptions({ lattice: LATTICE });
function dataset(id: string, provenance: Record<string, unknown>): DatasetRecord {
  const stats = { min: 0, max: 1, mean: 0.5, std: 0.1 };
  return { id, name: id, model: 'gauss', source: 'simulated', provenance, modelCount: 3, evalCount: 2, hasEvalTruth: true, length, labelStats: { alpha: stats, xi: stats, d: stats }, directory: id, createdAt: '' };
}
const simulated = dataset('sim', {
  kind: 'simulation',
  manifest: { format: 'spin-echo-dataset/1', kernel: 'gauss', model: 'gauss', seed: SEED, counts: { model: 3, eval: 2 }, samplesPerCurve: length, options },
});
const foreign = dataset('foreign', { kind: 'challenge-folder', folder: '/nowhere/at/all' });

// The run 'run-a' predicted model curve 1 (its validation curve) and both eval curves; 'run-b' belongs to another data set.
const predictions: Record<string, StoredPredictions> = {
  validation: { indices: Int32Array.of(1), labels: Float64Array.of(11, 5.5, 7.8), std: null },
  eval: { indices: Int32Array.of(0, 1), labels: Float64Array.of(9, 8, 7, 6.5, 5, 8.5), std: null },
};
const workspace = {
  datasets: { get: (id: string) => ({ sim: simulated, foreign })[id] ?? (() => { throw new InputError(`no data set '${id}'`); })() },
  runs: { get: (id: string) => ({ id, datasetId: id === 'run-a' ? 'sim' : 'foreign', status: 'finished' }) },
  predictions: { read: async (_runId: string, split: 'validation' | 'eval') => predictions[split] },
} as unknown as Workspace;
const pages = new CurvePages(async () => arrays);

describe('CurveFits.plan', () => {
  const fits = new CurveFits(workspace, pages);

  it("starts from a run's stored prediction for the curve, with the curve's own recipe and truth", async () => {
    const plan = await fits.plan({ datasetId: 'sim', split: 'model', curveIndex: 1, runId: 'run-a', maxEvaluations: 30 });
    expect(plan).toMatchObject({ startFrom: 'run', runId: 'run-a', requestedStart: { alpha: 11, xi: 5.5, d: 7.8 }, truth: { alpha: 12, xi: 5, d: 8 }, maxEvaluations: 30 });
    expect(plan.recipe).toMatchObject({ kernel: 'gauss', seed: SEED, curveIndex: 1, options: { lattice: LATTICE } });
    // The stored curve, float32 as the data set keeps it.
    expect(Array.from(plan.target)).toEqual(Array.from(Float32Array.from(arrays.model.data.subarray(2 * length, 4 * length))));

    // Eval curves were simulated after the model curves: their detuning draws follow on.
    const evaluation = await fits.plan({ datasetId: 'sim', split: 'eval', curveIndex: 1, runId: 'run-a' });
    expect(evaluation.recipe.curveIndex).toBe(4);
    expect(evaluation).toMatchObject({ requestedStart: { alpha: 6.5, xi: 5, d: 8.5 }, truth: { alpha: 6, xi: 4.5, d: 9 }, maxEvaluations: 250 });
  });

  it("starts from a given point, or else from the centre of the recipe's priors", async () => {
    const given = await fits.plan({ datasetId: 'sim', split: 'model', curveIndex: 0, start: { alpha: 3, xi: 4, d: 8 } });
    expect(given).toMatchObject({ startFrom: 'given', runId: null, requestedStart: { alpha: 3, xi: 4, d: 8 } });
    const prior = await fits.plan({ datasetId: 'sim', split: 'model', curveIndex: 0 });
    expect(prior.startFrom).toBe('prior');
    expect(prior.requestedStart).toEqual(priorCentre(options));
    // alpha in [0, 20], xi in [3.5, 110] (log middle), Gamma in [0, 0.0025] (middle, as d).
    expect(priorCentre(options)).toEqual({ alpha: 10, xi: expect.closeTo(Math.sqrt(3.5 * 110), 12), d: expect.closeTo(-2 * Math.log10(0.00125 / 2.5), 12) });
  });

  it('fits curves of unknown recipe with the physics defaults and seed 0, or with the settings given, and says so', async () => {
    const assumed = await fits.plan({ datasetId: 'foreign', split: 'model', curveIndex: 0 });
    expect(assumed.recipe).toMatchObject({ kernel: 'gauss', seed: 0, curveIndex: 0, options: { lattice: 100, detuning: 'per-dataset' } });
    expect(assumed.recipeSummary).toMatchObject({ known: false, lattice: 100, seed: 0, detuning: 'per-dataset', from: expect.stringMatching(/physics defaults/) });
    const chosen = await fits.plan({ datasetId: 'foreign', split: 'model', curveIndex: 0, seed: 7, settings: { lattice: 12, detuning: 'per-curve' } });
    expect(chosen.recipe).toMatchObject({ seed: 7, options: { lattice: 12, detuning: 'per-curve' } });
    expect(chosen.recipeSummary).toMatchObject({ known: false, lattice: 12, seed: 7, detuning: 'per-curve', from: expect.stringMatching(/settings given/) });
    // A known recipe is the data set's own, and says where it was read.
    expect(await fits.recipe('sim')).toMatchObject({ known: true, lattice: LATTICE, seed: SEED, from: expect.stringMatching(/provenance/) });
  });

  it('refuses, with the reason, what no fit can do', async () => {
    const refused = (request: Parameters<CurveFits['plan']>[0]) => expect(fits.plan(request)).rejects.toThrow(InputError);
    await refused({ datasetId: 'sim', split: 'model', curveIndex: 0, runId: 'run-a' });
    await expect(fits.plan({ datasetId: 'sim', split: 'model', curveIndex: 0, runId: 'run-a' })).rejects.toThrow(/no prediction for model curve 0/);
    await expect(fits.plan({ datasetId: 'sim', split: 'model', curveIndex: 1, runId: 'run-b' })).rejects.toThrow(/trained on data set foreign/);
    await expect(fits.plan({ datasetId: 'sim', split: 'model', curveIndex: 3 })).rejects.toThrow(/outside the model curves/);
    await expect(fits.plan({ datasetId: 'foreign', split: 'model', curveIndex: 0, settings: { lattice: 1 } })).rejects.toThrow(/lattice must be an integer/);
    await expect(fits.plan({ datasetId: 'sim', split: 'model', curveIndex: 1, runId: 'run-a', start: { alpha: 1, xi: 4, d: 8 } })).rejects.toThrow(/not both/);
    await refused({ datasetId: 'sim', split: 'model', curveIndex: 0, start: { alpha: 1, xi: 0, d: 8 } });
    await refused({ datasetId: 'sim', split: 'model', curveIndex: 0, maxEvaluations: 1 });
    await refused({ datasetId: 'none', split: 'model', curveIndex: 0 });
  });
});

function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return sum;
}

describe('CurveFits.run in a worker thread', () => {
  it('fits the curve, draws the start and the fit, and keeps the outcome under its key', async () => {
    const fits = new CurveFits(workspace, pages);
    const plan = await fits.plan({ datasetId: 'sim', split: 'model', curveIndex: 1, runId: 'run-a', maxEvaluations: 40 });
    const progress: FitProgress[] = [];
    const outcome = await fits.run(plan, { keepAs: 'job-1', onProgress: (p) => progress.push(p) });
    expect(outcome.evaluations).toBeGreaterThan(2);
    expect(outcome.evaluations).toBeLessThanOrEqual(40);
    expect(progress.map((p) => p.done)).toEqual(Array.from({ length: outcome.evaluations }, (_, k) => k + 1));
    expect(outcome.start).toMatchObject({ alpha: expect.closeTo(11, 9), xi: expect.closeTo(5.5, 9), d: expect.closeTo(7.8, 9) });
    expect(outcome.fit.distance).toBeLessThan(outcome.start.distance);
    // The curves drawn are those the distances were measured on.
    expect(outcome.length).toBe(length);
    expect(squaredDistance(outcome.startCurve, outcome.target)).toBeCloseTo(outcome.start.distance, 9);
    expect(squaredDistance(outcome.fittedCurve, outcome.target)).toBeCloseTo(outcome.fit.distance, 9);
    // The truth reproduces the stored curve up to its float32 rounding.
    expect(outcome.truthDistance).not.toBeNull();
    expect(outcome.truthDistance!).toBeLessThan(1e-9);
    expect(fits.outcome('job-1')).toBe(outcome);
    expect(() => fits.outcome('job-2')).toThrow(InputError);
  });

  it('stops at once when cancelled, and keeps no outcome', async () => {
    const fits = new CurveFits(workspace, pages);
    const plan = await fits.plan({ datasetId: 'sim', split: 'eval', curveIndex: 0, maxEvaluations: 100_000 });
    const controller = new AbortController();
    let reports = 0;
    const run = fits.run(plan, {
      keepAs: 'job-c',
      signal: controller.signal,
      onProgress: () => {
        if (++reports === 3) controller.abort();
      },
    });
    await expect(run).rejects.toThrow(CancelledError);
    expect(reports).toBe(3);
    expect(() => fits.outcome('job-c')).toThrow(/no fit result/);
  });

  it('keeps only the latest outcomes', async () => {
    const canned: CurveFitter = async ({ target, start }) => ({
      result: { start: { ...start, distance: 2 }, startMoved: false, best: { ...start, distance: 1 }, rms: 0, evaluations: 2, stopped: 'converged', bounds: { alpha: [0, 20], xi: [3.5, 110], Gamma: [0, 0.0025] }, seconds: 0 },
      startCurve: target,
      fittedCurve: target,
      truthDistance: null,
    });
    const fits = new CurveFits(workspace, pages, canned);
    const plan = await fits.plan({ datasetId: 'sim', split: 'model', curveIndex: 0 });
    for (let k = 0; k < 20; k++) await fits.run(plan, { keepAs: `job-${k}` });
    expect(() => fits.outcome('job-3')).toThrow(InputError);
    expect(fits.outcome('job-4').fit.distance).toBe(1);
    expect(fits.outcome('job-19').startFrom).toBe('prior');
  });
});
