// Saved models in a workspace: names unique and apart from the presets, edits and deletion that
// never change a run trained before, and studies that search a saved model's training settings.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetRecord } from '../../src-main/core/store/datasets.ts';
import { openWorkspace, type Workspace } from '../../src-main/core/workspace/workspace.ts';
import { addTinyDataset } from './tiny-dataset.ts';

let workspace: Workspace;
let dataset: DatasetRecord;

const small = [
  { kind: 'conv1d', filters: 4, kernelSize: 5, stride: 4, activation: 'relu' },
  { kind: 'global-average-pool1d' },
  { kind: 'dense', units: 8, activation: 'tanh' },
];

beforeAll(async () => {
  workspace = await openWorkspace(mkdtempSync(join(tmpdir(), 'spin-echo-saved-models-')));
  dataset = await addTinyDataset(workspace, 5, 6);
});

afterAll(async () => {
  await workspace?.close();
});

describe('saved models', () => {
  it('keeps one model per name, apart from the built-in presets, and refuses a list with a problem', () => {
    const saved = workspace.models.save({ name: 'small', description: 'strided', layers: small });
    expect(saved.layers[0]).toEqual({ ...small[0], padding: 'same' });
    expect(() => workspace.models.save({ name: 'small', layers: small })).toThrow(/a model named 'small' exists already/);
    expect(() => workspace.models.save({ name: 'deep-cnn', layers: small })).toThrow(/taken by a built-in preset/);
    expect(() => workspace.models.save({ name: 'auto', layers: small })).toThrow(/taken by a built-in preset/);
    expect(() => workspace.models.save({ name: 'a b', layers: small })).toThrow(/use 1 to 64 letters/);
    expect(() => workspace.models.save({ name: 'other', layers: [{ kind: 'dense', units: 4 }] })).toThrow(
      /model 'other': layers\[0\]: dense needs a flat input, not \[471, 3\]/,
    );
    expect(workspace.models.list().map((model) => model.name)).toEqual(['small']);
  });

  it('gives a run the layers of the model as it was: an edit or a deletion changes no run, nor its clone', async () => {
    const run = await workspace.runs.create({ datasetId: dataset.id, preset: 'small', overrides: { batchSize: 16 }, epochs: 1, backend: 'cpu' });
    expect(run.preset).toBe('small');
    expect(run.hyperparameters.layers).toEqual(workspace.models.get('small').layers);
    const edited = workspace.models.save({ name: 'small', layers: [...small, { kind: 'dropout', rate: 0.2 }], replace: true });
    expect(edited.layers).toHaveLength(4);
    workspace.models.remove('small');
    expect(() => workspace.models.get('small')).toThrow(/no saved model 'small'/);
    const clone = await workspace.runs.clone(run.id, { epochs: 1 });
    expect(clone.hyperparameters.layers).toEqual(run.hyperparameters.layers);
    const finished = await workspace.runs.start(clone.id);
    expect(finished.status).toBe('finished');
    await expect(workspace.runs.create({ datasetId: dataset.id, preset: 'small' })).rejects.toThrow(/unknown preset 'small'/);
  }, 60_000);

  it('searches the training settings of a saved model in a study, its layers as saved', async () => {
    workspace.models.save({ name: 'searched', layers: small });
    const study = workspace.studies.create({
      datasetId: dataset.id,
      budget: { kind: 'trials', count: 3 },
      seed: 4,
      settings: { presets: ['searched'], rungs: [1], reduction: 2, bracketSize: 3, top: 2, fixed: { batchSize: 16 }, backend: 'cpu' },
    });
    expect((await workspace.studies.run(study.id)).status).toBe('finished');
    const trials = workspace.studies.trials(study.id);
    expect(trials).toHaveLength(3);
    expect(trials.every((trial) => trial.run.preset === 'searched' && trial.run.status === 'finished')).toBe(true);
    expect(trials.every((trial) => JSON.stringify(trial.run.hyperparameters.layers) === JSON.stringify(workspace.models.get('searched').layers))).toBe(true);
    // The first trial is the defaults; the draws change the learning rate.
    const rates = trials.map((trial) => trial.run.hyperparameters.learningRate);
    expect(new Set(rates).size).toBe(3);
    expect(() => workspace.studies.create({ datasetId: dataset.id, budget: { kind: 'trials', count: 1 }, settings: { presets: ['nowhere'] } })).toThrow(
      /unknown preset 'nowhere' \(expected some of seed-mlp, mlp, cnn1d, deep-cnn, searched\)/,
    );
  }, 120_000);
});
