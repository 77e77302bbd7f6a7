// The Data view's calls on the workbench: a folder's files per model before an import, a simulated
// data set drawn from priors the caller narrowed, and a data set's labels in one typed array.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, type EventMessage } from '../../src-main/core/api/contract.ts';
import { InputError } from '../../src-main/core/errors.ts';
import { Workbench } from '../../src-main/core/workbench/workbench.ts';
import { writeChallengeFolder } from './challenge-fixture.ts';
import { tinyArrays } from './tiny-dataset.ts';

let root: string;
let workbench: Workbench;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'spin-echo-data-calls-'));
  workbench = await Workbench.open({ workspaceDir: join(root, 'workspace'), mode: 'browser' });
});

afterAll(async () => {
  await workbench?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('inspectFolder', () => {
  it('lists per model the files found and missing, and what stops an import', async () => {
    const folder = join(root, 'challenge');
    mkdirSync(folder);
    await writeChallengeFolder(folder, 'gauss', { modelCount: 3, evalCount: 2, truth: false, seed: 1 });
    writeFileSync(join(folder, 'RKKY_echos_model_r.txt'), '0.1 0.2\n');
    const contents = await workbench.inspectFolder(calls.inspectFolder.args.parse({ folder }));
    expect(contents.folder).toBe(folder);
    const [gauss, rkky] = contents.models;
    expect(gauss).toMatchObject({ model: 'gauss', present: true, importable: true, problems: [] });
    expect(gauss.files.filter((file) => !file.found).map((file) => file.name)).toEqual(['gauss_mat_info_eval_truth.txt']);
    expect(gauss.files.find((file) => file.role === 'modelReal')).toEqual({ role: 'modelReal', name: 'gauss_echos_model_r.txt', found: true });
    expect(rkky).toMatchObject({ model: 'RKKY', present: true, importable: false });
    expect(rkky.problems).toEqual(['missing RKKY_echos_model_i.txt', 'missing RKKY_mat_info_model.txt']);
  });

  it('says when the folder is not there', async () => {
    await expect(workbench.inspectFolder({ folder: join(root, 'nowhere') })).rejects.toThrow(InputError);
    await expect(workbench.inspectFolder({ folder: join(root, 'nowhere') })).rejects.toThrow(/no such folder/);
  });
});

describe('simulateDataset with priors', () => {
  it('draws the labels from the narrowed priors', async () => {
    const finished = new Promise<Extract<EventMessage, { name: 'datasetReady' }>['payload']>((resolve) => {
      workbench.onEvent((event) => {
        if (event.name === 'datasetReady') resolve(event.payload);
      });
    });
    const args = calls.simulateDataset.args.parse({ model: 'gauss', seed: 2, modelCount: 6, settings: { lattice: 8, priors: { alpha: [4, 4.5], xi: { max: 6 } } } });
    await workbench.simulateDataset(args);
    const { dataset } = await finished;
    expect(dataset.labelStats.alpha.min).toBeGreaterThanOrEqual(4);
    expect(dataset.labelStats.alpha.max).toBeLessThanOrEqual(4.5);
    expect(dataset.labelStats.xi.max).toBeLessThanOrEqual(6);
    expect((dataset.provenance.manifest as { options: { priors: { alpha: number[] } } }).options.priors.alpha).toEqual([4, 4.5]);
  });

  it('refuses a priors field it does not know', () => {
    expect(calls.simulateDataset.args.safeParse({ model: 'gauss', seed: 2, modelCount: 6, settings: { priors: { beta: [1, 2] } } }).success).toBe(false);
  });
});

describe('getLabels', () => {
  it('gives every label of a split as one typed array, null where there is none', async () => {
    const folder = join(root, 'labelled');
    mkdirSync(folder);
    await writeChallengeFolder(folder, 'RKKY', { modelCount: 5, evalCount: 2, truth: false, seed: 9 });
    const ready = new Promise<Extract<EventMessage, { name: 'datasetReady' }>['payload']>((resolve) => {
      workbench.onEvent((event) => {
        if (event.name === 'datasetReady' && event.payload.dataset.model === 'RKKY') resolve(event.payload);
      });
    });
    await workbench.importDataset(calls.importDataset.args.parse({ folder }));
    const { dataset } = await ready;
    const model = await workbench.getLabels(calls.getLabels.args.parse({ datasetId: dataset.id }));
    expect(model).toMatchObject({ datasetId: dataset.id, split: 'model', count: 5 });
    expect(model.labels).toBeInstanceOf(Float64Array);
    expect(Array.from(model.labels!)).toEqual(Array.from(tinyArrays(5, 9).labels.data));
    expect(await workbench.getLabels({ datasetId: dataset.id, split: 'eval' })).toMatchObject({ count: 2, labels: null });
  });
});

