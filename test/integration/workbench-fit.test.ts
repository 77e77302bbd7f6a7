// The explorer's fit by simulation and error bars through the workbench: a fit of a stored curve
// runs as a job with progress, its outcome is fetched once it is done, cancelJob stops one, and a
// run that estimates its uncertainty answers its predictions' std.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, type CallResult, type EventMessage, type EventPayload } from '../../src-main/core/api/contract.ts';
import { InputError } from '../../src-main/core/errors.ts';
import { Workbench } from '../../src-main/core/workbench/workbench.ts';
import { TINY_OVERRIDES } from './tiny-dataset.ts';

type Dataset = CallResult<'listDatasets'>[number];
type Run = CallResult<'startRun'>;

let root: string;
let workbench: Workbench;
let dataset: Dataset;
let uncertain: Run;
let plain: Run;
const events: EventMessage[] = [];

function nextEvent<N extends EventMessage['name']>(name: N, match: (payload: EventPayload<N>) => boolean): Promise<EventPayload<N>> {
  return new Promise((resolve) => {
    const stop = workbench.onEvent((event) => {
      if (event.name === name && match(event.payload as EventPayload<N>)) {
        stop();
        resolve(event.payload as EventPayload<N>);
      }
    });
  });
}

async function train(overrides: Record<string, unknown>): Promise<Run> {
  const run = await workbench.startRun(calls.startRun.args.parse({ datasetId: dataset.id, preset: 'seed-mlp', overrides: { ...TINY_OVERRIDES, ...overrides }, epochs: 2, backend: 'cpu' }));
  const settled = await nextEvent('runState', ({ run: state }) => state.id === run.id && !['queued', 'running'].includes(state.status));
  expect(settled.run.status).toBe('finished');
  return settled.run;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'spin-echo-fit-calls-'));
  workbench = await Workbench.open({ workspaceDir: join(root, 'workspace'), mode: 'browser' });
  workbench.onEvent((event) => events.push(event));
  // An 8 x 8 lattice: a millisecond per simulation.
  const ready = nextEvent('datasetReady', () => true);
  await workbench.simulateDataset(calls.simulateDataset.args.parse({ model: 'gauss', seed: 11, modelCount: 24, evalCount: 4, settings: { lattice: 8 } }));
  dataset = (await ready).dataset;
  uncertain = await train({ uncertainty: true });
  plain = await train({});
});

afterAll(async () => {
  await workbench?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('fitCurve and getFitResult', () => {
  it("fits a validation curve from the run's prediction as a job, with progress, then answers the fit and the curves", async () => {
    const predictions = await workbench.getRunPredictions({ runId: uncertain.id, split: 'validation' });
    const curveIndex = predictions.indices[0];
    const { jobId } = await workbench.fitCurve(calls.fitCurve.args.parse({ datasetId: dataset.id, curveIndex, runId: uncertain.id, maxEvaluations: 30 }));
    // Listed while it runs: the worker thread alone takes longer to start than this call.
    expect((await workbench.listJobs()).map((job) => [job.jobId, job.kind, job.label])).toContainEqual([jobId, 'fit', `fit model curve ${curveIndex} of ${dataset.name}`]);
    const finished = await nextEvent('jobFinished', (payload) => payload.jobId === jobId);
    expect(finished).toMatchObject({ kind: 'fit', outcome: 'done', message: null });
    const progress = events.filter((event): event is Extract<EventMessage, { name: 'jobProgress' }> => event.name === 'jobProgress' && event.payload.jobId === jobId);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((event) => event.payload.total === 30)).toBe(true);

    const outcome = await workbench.getFitResult({ jobId });
    // The reply passes the contract's own schema, typed arrays and all.
    expect(calls.getFitResult.result.safeParse(outcome).success).toBe(true);
    expect(outcome).toMatchObject({ jobId, datasetId: dataset.id, split: 'model', curveIndex, startFrom: 'run', runId: uncertain.id });
    expect(outcome.requestedStart).toEqual({ alpha: predictions.predictions[0], xi: predictions.predictions[1], d: predictions.predictions[2] });
    expect(outcome.truth).toEqual({ alpha: predictions.truth![0], xi: predictions.truth![1], d: predictions.truth![2] });
    expect(outcome.fit.distance).toBeLessThanOrEqual(outcome.start.distance);
    expect(outcome.evaluations).toBeLessThanOrEqual(30);
    expect(progress.at(-1)!.payload.done).toBe(outcome.evaluations);
    const stored = await workbench.getCurves({ datasetId: dataset.id, split: 'model', indices: [curveIndex] });
    expect(Array.from(outcome.target)).toEqual(Array.from(stored.curves));
    expect([outcome.startCurve.length, outcome.fittedCurve.length]).toEqual([2 * outcome.length, 2 * outcome.length]);
  });

  it('refuses a request that cannot run as the call, and has no result for an unknown job', async () => {
    const validation = new Set((await workbench.getRunPredictions({ runId: uncertain.id, split: 'validation' })).indices);
    const trainingCurve = Array.from({ length: 24 }, (_, k) => k).find((k) => !validation.has(k))!;
    await expect(workbench.fitCurve(calls.fitCurve.args.parse({ datasetId: dataset.id, curveIndex: trainingCurve, runId: uncertain.id }))).rejects.toThrow(/no prediction for model curve/);
    await expect(workbench.fitCurve(calls.fitCurve.args.parse({ datasetId: dataset.id, curveIndex: 99 }))).rejects.toThrow(InputError);
    await expect(workbench.getFitResult({ jobId: 'fit-999' })).rejects.toThrow(/no fit result/);
    expect(calls.fitCurve.args.safeParse({ datasetId: dataset.id, curveIndex: 0, maxEvaluations: 1 }).success).toBe(false);
  });

  it('stops a fit when its job is cancelled, and keeps no result for it', async () => {
    const { jobId } = await workbench.fitCurve(calls.fitCurve.args.parse({ datasetId: dataset.id, split: 'eval', curveIndex: 1, maxEvaluations: 100_000 }));
    await nextEvent('jobProgress', (payload) => payload.jobId === jobId);
    expect(await workbench.cancelJob({ jobId })).toEqual({ cancelled: true });
    const finished = await nextEvent('jobFinished', (payload) => payload.jobId === jobId);
    expect(finished.outcome).toBe('cancelled');
    expect(await workbench.listJobs()).toEqual([]);
    await expect(workbench.getFitResult({ jobId })).rejects.toThrow(/no fit result/);
  });
});

describe('getRunPredictions', () => {
  it("answers the std of a run that estimates its uncertainty, positive and row for row, and null for one that does not", async () => {
    for (const split of ['validation', 'eval'] as const) {
      const withStd = await workbench.getRunPredictions({ runId: uncertain.id, split });
      expect(withStd.std).toBeInstanceOf(Float64Array);
      expect(withStd.std!.length).toBe(3 * withStd.count);
      expect(withStd.std!.every((value) => value > 0 && Number.isFinite(value))).toBe(true);
      expect(calls.getRunPredictions.result.safeParse(withStd).success).toBe(true);
    }
    expect((await workbench.getRunPredictions({ runId: plain.id, split: 'validation' })).std).toBeNull();
  });
});
