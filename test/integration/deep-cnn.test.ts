import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeHyperparameters } from '../../src-main/core/learn/hyperparameters.ts';
import { TrainerClient } from '../../src-main/core/learn/trainer-client.ts';
import type { DatasetRecord } from '../../src-main/core/store/datasets.ts';
import { openWorkspace, type Workspace } from '../../src-main/core/workspace/workspace.ts';
import { addTinyDataset } from './tiny-dataset.ts';

let workspace: Workspace;
let dataset: DatasetRecord;

beforeAll(async () => {
  workspace = await openWorkspace(mkdtempSync(join(tmpdir(), 'spin-echo-ws-')), { createTrainer: () => new TrainerClient() });
  dataset = await addTinyDataset(workspace, 3, 4);
});

afterAll(async () => {
  await workspace?.close();
});

describe('the deep-cnn preset in a workspace', () => {
  it('trains an epoch end to end with its own defaults, on the wasm backend, and scores the answer key', async () => {
    const run = await workspace.runs.create({ datasetId: dataset.id, preset: 'deep-cnn', epochs: 1, backend: 'wasm' });
    const finished = await workspace.runs.start(run.id);
    expect(finished.errorMessage).toBeNull();
    expect(finished.status).toBe('finished');
    expect(finished.backend).toBe('wasm');
    expect(finished.hyperparameters).toMatchObject({ optimizer: 'adamw', schedule: 'one-cycle', convStrides: [2, 1], convActivation: 'gelu' });
    const shown = workspace.runs.show(run.id);
    expect(shown.epochs).toHaveLength(1);
    // One epoch of 36 curves is one batch step, and a cycle of one step is its last: peak / 25 / 1e4.
    expect(shown.epochs[0].lr).toBeCloseTo(2e-3 / 25 / 1e4, 15);
    expect(Number.isFinite(shown.epochs[0].valLoss)).toBe(true);
    const evalScore = shown.run.result?.evalScore as { perElement: number; count: number } | null;
    expect(evalScore?.count).toBe(12);
    expect(evalScore?.perElement).toBeGreaterThan(0);
  }, 120_000);

  it("describes the preset's new settings for the Train view", () => {
    const keys = describeHyperparameters('deep-cnn').map((field) => field.key);
    expect(keys).toEqual(expect.arrayContaining(['convsPerBlock', 'convStrides', 'firstKernelSize', 'batchNormBeforeActivation', 'weightDecay', 'warmupFraction']));
  });
});
