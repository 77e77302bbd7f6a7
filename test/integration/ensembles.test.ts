import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scoreWithScaler } from '../../src-main/core/learn/score.ts';
import type { DatasetRecord } from '../../src-main/core/store/datasets.ts';
import type { RunRecord } from '../../src-main/core/store/runs.ts';
import { openWorkspace, type Workspace } from '../../src-main/core/workspace/workspace.ts';
import { addTinyDataset, TINY_OVERRIDES } from './tiny-dataset.ts';

let workspace: Workspace;
let dataset: DatasetRecord;
let plain: RunRecord;
let uncertain: RunRecord;
let otherSplit: RunRecord;

async function trainRun(overrides: Record<string, unknown>): Promise<RunRecord> {
  const { settled } = await workspace.runs.train({ datasetId: dataset.id, preset: 'seed-mlp', overrides: { ...TINY_OVERRIDES, ...overrides }, epochs: 2, backend: 'cpu' });
  const run = await settled;
  expect(run.status).toBe('finished');
  return run;
}

beforeAll(async () => {
  workspace = await openWorkspace(mkdtempSync(join(tmpdir(), 'spin-echo-ens-')));
  dataset = await addTinyDataset(workspace, 3, 4);
  plain = await trainRun({});
  uncertain = await trainRun({ uncertainty: true, seed: 2 });
  otherSplit = await trainRun({ splitSeed: 7 });
});

afterAll(async () => {
  await workspace?.close();
});

describe('ensemble runs', () => {
  it('a run with uncertainty stores positive standard deviations beside its predictions; one without stores none', async () => {
    const withStd = await workspace.predictions.read(uncertain.id, 'eval');
    expect(withStd.std!.length).toBe(36);
    expect(withStd.std!.every((v) => v > 0)).toBe(true);
    expect((await workspace.predictions.read(plain.id, 'validation')).std).toBeNull();
  });

  it('average their members, take the spread and the members own variances as the std, and are scored and exportable', async () => {
    const ensemble = await workspace.ensembles.create({ members: [plain.id, uncertain.id], tags: ['test'] });
    expect(ensemble).toMatchObject({ status: 'finished', preset: 'ensemble', datasetId: dataset.id, tags: ['test'] });
    expect(ensemble.hyperparameters).toEqual({ members: [plain.id, uncertain.id] });

    for (const split of ['validation', 'eval'] as const) {
      const [a, b, combined] = await Promise.all([plain, uncertain, ensemble].map((run) => workspace.predictions.read(run.id, split)));
      expect(Array.from(combined.indices)).toEqual(Array.from(a.indices));
      for (let k = 0; k < combined.labels.length; k++) {
        expect(combined.labels[k]).toBeCloseTo((a.labels[k] + b.labels[k]) / 2, 12);
        const variance = ((a.labels[k] - b.labels[k]) / 2) ** 2 + b.std![k] ** 2 / 2;
        expect(combined.std![k]).toBeCloseTo(Math.sqrt(variance), 10);
      }
    }

    // Scored like any run: on the members' validation split with their training-label scaler.
    const validation = await workspace.predictions.read(ensemble.id, 'validation');
    const arrays = await workspace.datasets.loadArrays(dataset.id);
    const truth = Float64Array.from(Array.from(validation.indices).flatMap((k) => Array.from(arrays.labels.data.slice(3 * k, 3 * k + 3))));
    const scaler = plain.result!.labelScaler as { mean: number[]; scale: number[] };
    const expected = scoreWithScaler(
      { count: truth.length / 3, data: validation.labels },
      { count: truth.length / 3, data: truth },
      { mean: Float64Array.from(scaler.mean), scale: Float64Array.from(scaler.scale), variance: new Float64Array(3), count: 1 },
    );
    expect(ensemble.valPerElement).toBeCloseTo(expected.perElement, 12);
    expect((ensemble.result!.evalScore as { count: number }).count).toBe(12);

    const out = mkdtempSync(join(tmpdir(), 'ens-out-'));
    const path = await workspace.submissions.writePredictions(ensemble.id, out);
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(12);
    expect(workspace.runs.list({ where: [{ field: 'preset', op: '=', value: 'ensemble' }] }).map((run) => run.id)).toEqual([ensemble.id]);

    // The export keeps the submission at 3 columns and writes the std beside it; a run without std writes none.
    const exported = await workspace.submissions.export({ gauss: ensemble.id, outDir: mkdtempSync(join(tmpdir(), 'ens-export-')) });
    const stdPath = exported.paths.find((p) => p.endsWith('gauss_mat_info_eval_std.txt'))!;
    const submission = exported.paths.find((p) => p.endsWith('gauss_mat_info_eval.txt'))!;
    const rows = (path: string) => readFileSync(path, 'utf8').trim().split('\n').map((line) => line.split('\t').map(Number));
    expect(rows(submission).every((row) => row.length === 3)).toBe(true);
    const stdRows = rows(stdPath);
    expect(stdRows).toHaveLength(12);
    const evalStd = (await workspace.predictions.read(ensemble.id, 'eval')).std!;
    stdRows.flat().forEach((value, i) => expect(value).toBeCloseTo(evalStd[i], 12));
    expect((exported.summary.models as Record<string, { uncertaintyFile: string | null }>).gauss.uncertaintyFile).toBe('gauss_mat_info_eval_std.txt');
    const plainExport = await workspace.submissions.export({ gauss: plain.id, outDir: mkdtempSync(join(tmpdir(), 'ens-export-')) });
    expect(plainExport.paths.some((p) => p.endsWith('_std.txt'))).toBe(false);
  });

  it('refuse members on another validation split, unfinished or unknown runs, and repeats', async () => {
    await expect(workspace.ensembles.create({ members: [plain.id, otherSplit.id] })).rejects.toThrow(/different training splits|different validation splits/);
    await expect(workspace.ensembles.create({ members: [plain.id, plain.id] })).rejects.toThrow(/named twice/);
    await expect(workspace.ensembles.create({ members: [plain.id, 'run-00000000'] })).rejects.toThrow(/no run/);
    await expect(workspace.ensembles.create({ members: [] })).rejects.toThrow(/at least one/);
    const queued = await workspace.runs.create({ datasetId: dataset.id, preset: 'seed-mlp', overrides: TINY_OVERRIDES, epochs: 1 });
    await expect(workspace.ensembles.create({ members: [plain.id, queued.id] })).rejects.toThrow(/only finished runs/);
  });
});
