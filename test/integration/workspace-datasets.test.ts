import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataset } from '../../src-main/core/workspace/generate-dataset.ts';
import { openWorkspace } from '../../src-main/core/workspace/workspace.ts';
import { WorkspaceBusyError } from '../../src-main/core/workspace/workspace-lock.ts';
import { writeChallengeFolder } from './challenge-fixture.ts';
import { tinyArrays } from './tiny-dataset.ts';

function temporary(name: string): string {
  return mkdtempSync(join(tmpdir(), `spin-echo-${name}-`));
}

describe('workspace data sets', () => {
  it('register a simulated set, with or without its curves in memory, its manifest as provenance', async () => {
    const workspace = await openWorkspace(temporary('ws'));
    try {
      const request = { kernel: 'rkky', seed: 3, source: { kind: 'priors', modelCount: 4, evalCount: 2 }, options: { lattice: 8 }, workers: 1 } as const;
      const collected = await generateDataset({ ...request, outDir: temporary('sim'), collect: 'float64' });
      const fromFiles = await generateDataset({ ...request, outDir: temporary('sim') });
      expect(fromFiles.model).toBeNull();
      const first = await workspace.datasets.registerSimulated(collected);
      const second = await workspace.datasets.registerSimulated(fromFiles, { name: 'read back', source: 'demo' });
      expect(first).toMatchObject({ model: 'RKKY', source: 'simulated', modelCount: 4, evalCount: 2, hasEvalTruth: true, name: 'simulated RKKY seed 3' });
      expect(second).toMatchObject({ model: 'RKKY', source: 'demo', name: 'read back' });
      expect((first.provenance.manifest as { seed: number }).seed).toBe(3);
      const a = await workspace.datasets.loadArrays(first.id);
      const b = await workspace.datasets.loadArrays(second.id);
      expect(b.labels.data).toEqual(a.labels.data);
      expect(b.evalTruth?.data).toEqual(a.evalTruth?.data);
      // The same seed gives the same curves; stored as float32, written as text, read back: close.
      for (let i = 0; i < a.model.data.length; i++) expect(Math.abs(b.model.data[i] - a.model.data[i])).toBeLessThan(1e-6);
    } finally {
      await workspace.close();
    }
  });

  it('know a folder imported before, until its files change', async () => {
    const folder = temporary('challenge');
    await writeChallengeFolder(folder, 'gauss', { modelCount: 6, evalCount: 2, truth: false, seed: 5 });
    const workspace = await openWorkspace(temporary('ws'));
    try {
      const [imported] = await workspace.datasets.importFolder(folder);
      expect(imported.provenance).toMatchObject({ kind: 'challenge-folder', folder });
      expect((await workspace.datasets.findImported(folder, 'gauss'))?.id).toBe(imported.id);
      expect(await workspace.datasets.findImported(folder, 'RKKY')).toBeNull();
      appendFileSync(join(folder, 'gauss_mat_info_model.txt'), '\n');
      expect(await workspace.datasets.findImported(folder, 'gauss')).toBeNull();
      await expect(workspace.datasets.importFolder(folder, { model: 'RKKY' })).rejects.toThrow(/no RKKY files/);
      const empty = temporary('empty');
      await expect(workspace.datasets.importFolder(empty)).rejects.toThrow(/no challenge files to import/);
    } finally {
      await workspace.close();
    }
  });

  it('admit one writer; a reader beside it sees the data and may not write', async () => {
    const dir = temporary('ws');
    const owner = await openWorkspace(dir);
    try {
      const { curves, labels } = tinyArrays(4);
      const dataset = await owner.datasets.add({ name: 'tiny', model: 'gauss', source: 'demo', provenance: {}, arrays: { model: curves, labels } });
      await expect(openWorkspace(dir)).rejects.toThrow(WorkspaceBusyError);
      const reader = await openWorkspace(dir, { readonly: true });
      try {
        expect(reader.readonly).toBe(true);
        expect(reader.datasets.list().map((record) => record.id)).toEqual([dataset.id]);
        await expect(reader.runs.create({ datasetId: dataset.id, preset: 'seed-mlp' })).rejects.toThrow(/read-only/);
        await expect(reader.datasets.add({ name: 'x', model: 'gauss', source: 'demo', provenance: {}, arrays: { model: curves, labels } })).rejects.toThrow(/read-only/);
      } finally {
        await reader.close();
      }
    } finally {
      await owner.close();
    }
    // Closed, the owner has let go of the lock.
    await (await openWorkspace(dir)).close();
  });
});
