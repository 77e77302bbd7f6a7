// The workbench through the WebSocket bridge: simulated and imported data sets as jobs with
// progress, curves as typed arrays, a short training run with its metrics, predictions,
// heatmap and export, and the refusals on the way.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, EventMessage } from '../../src-main/core/api/contract.ts';
import type { WsClient } from '../support/ws-client.ts';
import { openWorkbenchBridge, type WorkbenchBridge } from './workbench-bridge.ts';

type Finished = Extract<EventMessage, { name: 'jobFinished' }>;
const finishedJob = (jobId: string) => (event: EventMessage): event is Finished => event.name === 'jobFinished' && event.payload.jobId === jobId;

let bridge: WorkbenchBridge;
let root: string;
let client: WsClient;
let simulated: Dataset;

// A 16 x 16 lattice keeps a curve to milliseconds; the physics is tested elsewhere.
const SMALL = { lattice: 16 };

beforeAll(async () => {
  bridge = await openWorkbenchBridge('spin-echo-workbench-');
  ({ root, client } = bridge);
});

afterAll(() => bridge?.close());

describe('data sets', () => {
  it('simulates a data set as a job that reports progress, then lists it', async () => {
    const { jobId } = await client.call('simulateDataset', { model: 'gauss', name: 'tiny gauss', seed: 7, modelCount: 40, evalCount: 8, settings: SMALL });
    const finished = await client.waitFor(finishedJob(jobId));
    expect(finished.payload).toMatchObject({ outcome: 'done', kind: 'simulate', message: null });
    const progress = client.events.filter((event) => event.name === 'jobProgress' && event.payload.jobId === jobId);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)?.payload).toMatchObject({ done: 48, total: 48 });
    const ready = await client.waitFor((event) => event.name === 'datasetReady');
    simulated = (ready as Extract<EventMessage, { name: 'datasetReady' }>).payload.dataset;
    expect(simulated).toMatchObject({ name: 'tiny gauss', model: 'gauss', source: 'simulated', modelCount: 40, evalCount: 8, hasEvalTruth: true, length: 471 });
    expect((await client.call('listDatasets', {})).map((dataset) => dataset.id)).toEqual([simulated.id]);
    expect(await client.call('listJobs', {})).toEqual([]);
  });

  it('pages through curves as typed arrays, with their labels', async () => {
    const page = await client.call('getCurves', { datasetId: simulated.id, offset: 38, limit: 10 });
    expect(page).toMatchObject({ total: 40, length: 471, split: 'model' });
    expect(Array.from(page.indices)).toEqual([38, 39]);
    expect(page.curves).toBeInstanceOf(Float32Array);
    expect(page.curves.length).toBe(2 * 471 * 2);
    expect(page.labels?.length).toBe(6);
    const picked = await client.call('getCurves', { datasetId: simulated.id, indices: [39] });
    expect(Array.from(picked.curves)).toEqual(Array.from(page.curves.subarray(471 * 2)));
    expect(Array.from(picked.labels!)).toEqual(Array.from(page.labels!.subarray(3)));
    const evaluation = await client.call('getCurves', { datasetId: simulated.id, split: 'eval', limit: 3 });
    expect(evaluation).toMatchObject({ total: 8 });
    expect(evaluation.labels).not.toBeNull();
  });

  it('refuses curves that do not exist, and ambiguous selections', async () => {
    expect(await client.send('getCurves', { datasetId: simulated.id, indices: [40] })).toMatchObject({ ok: false, error: { kind: 'input', message: expect.stringContaining('outside') } });
    expect(await client.send('getCurves', { datasetId: 'ds-nope' })).toMatchObject({ ok: false, error: { kind: 'input' } });
    expect(await client.send('getCurves', { datasetId: simulated.id, indices: [1], offset: 2 })).toMatchObject({ ok: false, error: { kind: 'input' } });
  });

  it('imports a challenge folder as a job', async () => {
    const folder = simulated.provenance.directory as string;
    const { jobId } = await client.call('importDataset', { folder, name: 'imported copy' });
    expect((await client.waitFor(finishedJob(jobId))).payload.outcome).toBe('done');
    const datasets = await client.call('listDatasets', {});
    const imported = datasets.find((dataset) => dataset.name === 'imported copy');
    expect(imported).toMatchObject({ source: 'imported', model: 'gauss', modelCount: 40, evalCount: 8 });
    const [a, b] = await Promise.all([imported!, simulated].map((dataset) => client.call('getCurves', { datasetId: dataset.id, limit: 5 })));
    expect(Array.from(a.labels!)).toEqual(Array.from(b.labels!));
  });

  it('reports a failed import with the reason, and a cancelled simulation leaves nothing behind', async () => {
    const failed = await client.call('importDataset', { folder: join(root, 'no-such-folder') });
    expect((await client.waitFor(finishedJob(failed.jobId))).payload).toMatchObject({ outcome: 'failed', message: expect.stringContaining('no-such-folder') });
    const before = readdirSync(join(root, 'workspace', 'simulations'));
    const { jobId } = await client.call('simulateDataset', { model: 'RKKY', seed: 1, modelCount: 5000, settings: SMALL });
    await client.waitFor((event) => event.name === 'jobProgress' && event.payload.jobId === jobId);
    expect(await client.call('cancelJob', { jobId })).toEqual({ cancelled: true });
    expect((await client.waitFor(finishedJob(jobId))).payload.outcome).toBe('cancelled');
    expect(await client.call('cancelJob', { jobId })).toEqual({ cancelled: false });
    expect(readdirSync(join(root, 'workspace', 'simulations'))).toEqual(before);
    expect((await client.call('listDatasets', {})).some((dataset) => dataset.model === 'RKKY')).toBe(false);
  });
});

describe('runs', () => {
  let runId: string;

  it('trains a short run, streaming its state and epochs', async () => {
    const run = await client.call('startRun', {
      datasetId: simulated.id,
      preset: 'mlp',
      epochs: 2,
      backend: 'cpu',
      overrides: { hiddenUnits: [8], activations: ['relu'], batchSize: 8, validationFraction: 0.25 },
    });
    runId = run.id;
    expect(run).toMatchObject({ status: 'queued', preset: 'mlp', epochs: 2 });
    const finished = await client.waitFor((event) => event.name === 'runState' && event.payload.run.id === runId && !['queued', 'running'].includes(event.payload.run.status));
    expect(finished.payload).toMatchObject({ run: { status: 'finished', backend: 'cpu' } });
    const epochs = client.events.filter((event) => event.name === 'runEpoch' && event.payload.runId === runId);
    expect(epochs.map((event) => (event.payload as { metrics: { epoch: number } }).metrics.epoch)).toEqual([1, 2]);
  });

  it('answers its metrics, predictions and heatmap', async () => {
    const metrics = await client.call('getRunMetrics', { runId });
    expect(metrics.epochs.map((epoch) => epoch.epoch)).toEqual([1, 2]);
    const validation = await client.call('getRunPredictions', { runId, split: 'validation' });
    expect(validation.count).toBe(10);
    expect(validation.predictions.length).toBe(30);
    expect(validation.truth?.length).toBe(30);
    const evaluation = await client.call('getRunPredictions', { runId, split: 'eval' });
    expect(evaluation).toMatchObject({ count: 8 });
    expect(Array.from(evaluation.indices)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const heatmap = await client.call('getRunHeatmap', { runId });
    expect(heatmap.signed.length).toBe(3 * heatmap.features);
    expect(heatmap.layout.channels.length).toBeGreaterThan(0);
    const info = await client.call('getWorkspaceInfo', {});
    expect(info.mlBackend.name).toBe('cpu');
  });

  it('exports the submission and lists the export', async () => {
    const outDir = join(root, 'submission');
    const result = await client.call('exportSubmission', { outDir, gauss: runId });
    expect(result.paths.some((path) => path.endsWith('gauss_mat_info_eval.txt'))).toBe(true);
    expect(existsSync(join(outDir, 'gauss_mat_info_eval.txt'))).toBe(true);
    expect((await client.call('listExports', {})).map((record) => record.id)).toEqual([result.export.id]);
    expect(await client.send('exportSubmission', { outDir })).toMatchObject({ ok: false, error: { kind: 'input' } });
  });

  it('clones, cancels and refuses with clear errors', async () => {
    const clone = await client.call('cloneRun', { runId, start: false, epochs: 3 });
    expect(clone).toMatchObject({ parentRunId: runId, status: 'queued', epochs: 3 });
    expect((await client.call('listRuns', { where: [{ field: 'hp.epochs', op: '=', value: 3 }] })).map((run) => run.id)).toEqual([clone.id]);
    expect(await client.send('resumeRun', { runId })).toMatchObject({ ok: false, error: { kind: 'input', message: expect.stringContaining('finished') } });
    expect(await client.send('cancelRun', { runId })).toMatchObject({ ok: false, error: { kind: 'input' } });
    expect(await client.send('startRun', { datasetId: simulated.id, preset: 'mlp', overrides: { hiddenUnits: [-1] } })).toMatchObject({ ok: false, error: { kind: 'input' } });
    expect(await client.send('getRunHeatmap', { runId: clone.id })).toMatchObject({ ok: false, error: { kind: 'input' } });
  });
});
