import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src-main/core/errors.ts';
import BetterSqlite3 from 'better-sqlite3';
import { previousCheckpointPath, readCheckpointFile, writeCheckpointFile } from '../../src-main/core/learn/checkpoint-file.ts';
import { SETTINGS_OF_OLDER_RUNS } from '../../src-main/core/learn/presets.ts';
import { CHECKPOINT_FILES } from '../../src-main/core/learn/train.ts';
import { TrainerClient } from '../../src-main/core/learn/trainer-client.ts';
import { DATABASE_FILE } from '../../src-main/core/store/database.ts';
import { openWorkspace, type Workspace } from '../../src-main/core/workspace/workspace.ts';
import type { WorkspaceEvent } from '../../src-main/core/workspace/workspace-events.ts';
import type { DatasetRecord } from '../../src-main/core/store/datasets.ts';
import type { RunRecord } from '../../src-main/core/store/runs.ts';
import { addTinyDataset, tinyArrays, TINY_OVERRIDES } from './tiny-dataset.ts';

let workspace: Workspace;
let dataset: DatasetRecord;
const trainers: TrainerClient[] = [];
const events: WorkspaceEvent[] = [];

function epochsOf(runId: string): number[] {
  return events.filter((event) => event.type === 'run-epoch' && event.runId === runId).map((event) => (event as { metrics: { epoch: number } }).metrics.epoch);
}

function statesOf(runId: string): string[] {
  return events.filter((event) => event.type === 'run-state' && event.run.id === runId).map((event) => (event as { run: { status: string } }).run.status);
}

/** Resolves when the run has stored `epoch`. */
function epochReached(runId: string, epoch: number): Promise<void> {
  return new Promise((resolve) => {
    const stop = workspace.subscribe((event) => {
      if (event.type === 'run-epoch' && event.runId === runId && event.metrics.epoch >= epoch) {
        stop();
        resolve();
      }
    });
  });
}

/** A 40-epoch run whose trainer is killed once it has stored `epoch` epochs. */
async function interruptedRun(epoch: number): Promise<RunRecord> {
  const run = await workspace.runs.create({ datasetId: dataset.id, preset: 'seed-mlp', overrides: TINY_OVERRIDES, epochs: 40, backend: 'cpu' });
  const settled = workspace.runs.start(run.id);
  await epochReached(run.id, epoch);
  trainers[trainers.length - 1].dispose();
  expect((await settled).status).toBe('interrupted');
  return run;
}

beforeAll(async () => {
  workspace = await openWorkspace(mkdtempSync(join(tmpdir(), 'spin-echo-ws-')), {
    createTrainer: () => {
      const trainer = new TrainerClient();
      trainers.push(trainer);
      return trainer;
    },
  });
  workspace.subscribe((event) => events.push(event));
  dataset = await addTinyDataset(workspace, 1, 2);
});

afterAll(async () => {
  await workspace?.close();
});

describe('workspace runs', () => {
  it('store a data set with its statistics and arrays', async () => {
    expect(dataset).toMatchObject({ model: 'gauss', modelCount: 48, evalCount: 12, hasEvalTruth: true, length: 471 });
    expect(dataset.labelStats.alpha.min).toBeGreaterThanOrEqual(0);
    expect(dataset.labelStats.alpha.max).toBeLessThanOrEqual(20);
    expect(dataset.labelStats.d.std).toBeGreaterThan(0);
    const arrays = await workspace.datasets.loadArrays(dataset.id);
    expect(arrays.labels.data).toEqual(tinyArrays(48, 1).labels.data);
    expect(events.some((event) => event.type === 'dataset-ready' && event.dataset.id === dataset.id)).toBe(true);
  });

  it('refuse bad hyperparameters before any row exists', async () => {
    const before = workspace.runs.list().length;
    await expect(workspace.runs.create({ datasetId: dataset.id, preset: 'seed-mlp', overrides: { learningRate: -1 } })).rejects.toThrow(InputError);
    await expect(workspace.runs.create({ datasetId: dataset.id, preset: 'no-such-preset' })).rejects.toThrow(/unknown preset/);
    await expect(workspace.runs.create({ datasetId: 'ds-missing', preset: 'seed-mlp' })).rejects.toThrow(/no data set/);
    await expect(workspace.runs.create({ datasetId: dataset.id, preset: 'seed-mlp', backend: 'gpu' as 'cpu' })).rejects.toThrow(/unknown backend/);
    expect(workspace.runs.list()).toHaveLength(before);
  });

  it('make a run a row before it starts, then train it to the end with every epoch and result stored', async () => {
    const run = await workspace.runs.create({ datasetId: dataset.id, preset: 'seed-mlp', overrides: TINY_OVERRIDES, epochs: 2, backend: 'cpu', tags: ['smoke'] });
    expect(workspace.runs.get(run.id).status).toBe('queued');
    const final = await workspace.runs.start(run.id);
    expect(final.status).toBe('finished');
    expect(final.backend).toBe('cpu');
    expect(final.bestEpoch).not.toBeNull();
    expect(final.valPerElement).toBeGreaterThan(0);
    expect(statesOf(run.id)).toEqual(['queued', 'running', 'finished']);
    expect(epochsOf(run.id)).toEqual([1, 2]);
    const details = workspace.runs.show(run.id);
    expect(details.epochs.map((row) => row.epoch)).toEqual([1, 2]);
    expect(details.artifacts.map((artifact) => artifact.kind).sort()).toEqual(['checkpoint', 'checkpoint', 'eval-predictions', 'heatmap', 'heatmap', 'val-predictions'].sort());
    for (const artifact of details.artifacts) expect(existsSync(join(workspace.dir, artifact.path))).toBe(true);
    const predictions = await workspace.submissions.evalPredictions(run.id);
    expect(predictions.labels.count).toBe(12);
  });

  it('leave an interrupted run when the trainer dies, and resume it from its checkpoint under the same id', async () => {
    const run = await workspace.runs.create({ datasetId: dataset.id, preset: 'seed-mlp', overrides: TINY_OVERRIDES, epochs: 40, backend: 'cpu' });
    const settled = workspace.runs.start(run.id);
    await epochReached(run.id, 2);
    trainers[trainers.length - 1].dispose();
    const interrupted = await settled;
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.errorMessage).toMatch(/trainer process was killed/);
    expect(workspace.runs.show(run.id).epochs.length).toBeGreaterThanOrEqual(2);
    const checkpoint = workspace.runs.show(run.id).artifacts.find((artifact) => artifact.kind === 'checkpoint' && artifact.meta.role === 'last');
    expect(checkpoint?.epoch).toBeGreaterThanOrEqual(1);

    // Resume with a shorter plan, so the test stays short: the checkpoint's epoch plus two.
    const target = checkpoint!.epoch! + 2;
    const before = events.length;
    const resumed = await (await workspace.runs.resume(run.id, { epochs: target })).settled;
    expect(resumed.status).toBe('finished');
    expect(resumed.id).toBe(run.id);
    const resumedEpochs = events.slice(before).filter((event) => event.type === 'run-epoch').map((event) => (event as { metrics: { epoch: number } }).metrics.epoch);
    expect(resumedEpochs).toEqual([checkpoint!.epoch! + 1, checkpoint!.epoch! + 2]);
    expect(workspace.runs.show(run.id).epochs.map((row) => row.epoch)).toEqual(Array.from({ length: target }, (_, i) => i + 1));
  });

  it('refuse to resume a run whose checkpoints are gone, keeping its epochs, and restart it as a new run only when asked', async () => {
    const run = await interruptedRun(3);
    const runDir = join(workspace.dir, workspace.runs.get(run.id).directory);
    rmSync(join(runDir, CHECKPOINT_FILES.last));
    rmSync(join(runDir, previousCheckpointPath(CHECKPOINT_FILES.last)), { force: true });
    const storedBefore = workspace.runs.show(run.id).epochs;
    expect(storedBefore.length).toBeGreaterThanOrEqual(3);

    await expect(workspace.runs.resume(run.id, { epochs: 5 })).rejects.toThrow(
      new RegExp(`run '${run.id}' cannot be resumed: .*last\\.ckpt is missing; its ${storedBefore.length} stored epochs are kept`),
    );
    expect(workspace.runs.show(run.id).epochs).toEqual(storedBefore);
    expect(workspace.runs.get(run.id)).toMatchObject({ status: 'interrupted', epochs: 40 });

    const restarted = await workspace.runs.resume(run.id, { epochs: 2, restart: true });
    expect(restarted.run.id).not.toBe(run.id);
    expect(restarted.run.parentRunId).toBe(run.id);
    expect(restarted.note).toMatch(new RegExp(`restarted as run '${restarted.run.id}' from epoch 1; run '${run.id}' keeps its ${storedBefore.length} stored epochs`));
    expect((await restarted.settled).status).toBe('finished');
    expect(workspace.runs.show(restarted.run.id).epochs.map((row) => row.epoch)).toEqual([1, 2]);
    expect(workspace.runs.show(run.id).epochs).toEqual(storedBefore);
  });

  it('resume from the checkpoint before a damaged one, and say so', async () => {
    const run = await interruptedRun(3);
    const lastPath = join(workspace.dir, workspace.runs.get(run.id).directory, CHECKPOINT_FILES.last);
    const lastEpochOf = async (path: string) => ((await readCheckpointFile(path)).meta as { epoch: number }).epoch;
    const previousEpoch = await lastEpochOf(previousCheckpointPath(lastPath));
    expect(previousEpoch).toBe((await lastEpochOf(lastPath)) - 1);
    const bytes = readFileSync(lastPath);
    writeFileSync(lastPath, bytes.subarray(0, bytes.length - 100));

    const resumed = await workspace.runs.resume(run.id, { epochs: previousEpoch + 2 });
    expect(resumed.run.id).toBe(run.id);
    expect(resumed.note).toMatch(new RegExp(`last\\.ckpt is damaged \\(.*\\): resuming from the checkpoint before it, of epoch ${previousEpoch}, the damaged one kept as runs/${run.id}/last\\.ckpt\\.damaged-`));
    expect(workspace.runs.get(run.id).notes).toContain(resumed.note);
    const before = events.length;
    expect((await resumed.settled).status).toBe('finished');
    const resumedEpochs = events.slice(before).filter((event) => event.type === 'run-epoch').map((event) => (event as { metrics: { epoch: number } }).metrics.epoch);
    expect(resumedEpochs).toEqual([previousEpoch + 1, previousEpoch + 2]);
    expect(workspace.runs.show(run.id).epochs.map((row) => row.epoch)).toEqual(Array.from({ length: previousEpoch + 2 }, (_, i) => i + 1));
  });

  it('resume a run stored before later settings existed with the values it had then, not today\'s defaults', async () => {
    const run = await workspace.runs.create({ datasetId: dataset.id, preset: 'seed-mlp', overrides: TINY_OVERRIDES, epochs: 40, backend: 'cpu' });
    const settled = workspace.runs.start(run.id);
    await epochReached(run.id, 2);
    trainers[trainers.length - 1].dispose();
    expect((await settled).status).toBe('interrupted');
    // Make the run and its checkpoint look as an older version wrote them: without the later keys.
    const later = Object.keys(SETTINGS_OF_OLDER_RUNS);
    const db = new BetterSqlite3(join(workspace.dir, DATABASE_FILE));
    db.prepare(`UPDATE runs SET hyperparameters = json_remove(hyperparameters, ${later.map(() => '?').join(', ')}) WHERE id = ?`).run(...later.map((key) => `$.${key}`), run.id);
    db.close();
    const path = join(workspace.dir, workspace.runs.get(run.id).directory, CHECKPOINT_FILES.last);
    const content = await readCheckpointFile(path);
    const meta = content.meta as { epoch: number; hyperparameters: Record<string, unknown> };
    for (const key of later) delete meta.hyperparameters[key];
    await writeCheckpointFile(path, content);
    expect(Object.keys(workspace.runs.get(run.id).hyperparameters)).not.toContain('clipPredictions');

    const resumed = await (await workspace.runs.resume(run.id, { epochs: meta.epoch + 1 })).settled;
    expect(resumed.errorMessage).toBeNull();
    expect(resumed.status).toBe('finished');
  });

  it('cancel a queued run at once and a running one cleanly', async () => {
    const first = await workspace.runs.create({ datasetId: dataset.id, preset: 'seed-mlp', overrides: TINY_OVERRIDES, epochs: 200, backend: 'cpu' });
    const second = await workspace.runs.create({ datasetId: dataset.id, preset: 'seed-mlp', overrides: TINY_OVERRIDES, epochs: 2, backend: 'cpu' });
    const firstSettled = workspace.runs.start(first.id);
    const secondSettled = workspace.runs.start(second.id);
    workspace.runs.cancel(second.id);
    expect((await secondSettled).status).toBe('cancelled');
    await epochReached(first.id, 1);
    workspace.runs.cancel(first.id);
    const cancelled = await firstSettled;
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.finishedAt).not.toBeNull();
    expect(() => workspace.runs.cancel(first.id)).toThrow(/nothing to cancel/);

    // Cancelled in the same tick as its start: before any trainer has heard of it.
    const third = await workspace.runs.create({ datasetId: dataset.id, preset: 'seed-mlp', overrides: TINY_OVERRIDES, epochs: 200, backend: 'cpu' });
    const thirdSettled = workspace.runs.start(third.id);
    workspace.runs.cancel(third.id);
    expect((await thirdSettled).status).toBe('cancelled');
    expect(workspace.runs.lastStoredEpoch(third.id)).toBeLessThan(200);
  });

  it('clone a run with edited hyperparameters, remembering its parent', async () => {
    const [parent] = workspace.runs.list({ status: 'finished', tag: 'smoke' });
    const clone = await workspace.runs.clone(parent.id, { overrides: { learningRate: 0.01 } });
    expect(clone).toMatchObject({ status: 'queued', parentRunId: parent.id, preset: parent.preset });
    expect(clone.hyperparameters).toEqual({ ...parent.hyperparameters, learningRate: 0.01 });
    expect(workspace.runs.list({ where: [{ field: 'hp.learningRate', op: '=', value: 0.01 }] }).map((run) => run.id)).toEqual([clone.id]);
  });

  it('export a submission with its summary and the score against the answer key', async () => {
    const [best] = workspace.runs.list({ status: 'finished', tag: 'smoke' });
    const outDir = join(workspace.dir, 'export');
    const result = await workspace.submissions.export({ gauss: best.id, outDir });
    const rows = readFileSync(join(outDir, 'gauss_mat_info_eval.txt'), 'utf8').trim().split('\n');
    expect(rows).toHaveLength(12);
    for (const row of rows) expect(row.split('\t').map(Number).every(Number.isFinite)).toBe(true);
    const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8'));
    expect(summary.models.gauss.run.id).toBe(best.id);
    expect(summary.models.gauss.run.backend).toBe('cpu');
    expect(summary.models.gauss.dataset.provenance).toEqual({ made: 'by hand in the test' });
    expect(summary.models.gauss.score.count).toBe(12);
    expect(result.record.score).toEqual({ gauss: summary.models.gauss.score });
    expect(workspace.exports().map((record) => record.id)).toContain(result.record.id);
    await expect(workspace.submissions.export({ rkky: best.id, outDir })).rejects.toThrow(/trained on gauss data/);
  });
});
