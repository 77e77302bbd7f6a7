import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { curveRecipe, readDatasetRecipe } from '../../../src-main/core/fit/dataset-recipe.ts';
import { resolveSimulationOptions } from '../../../src-main/core/physics/options.ts';
import type { DatasetRecord } from '../../../src-main/core/store/datasets.ts';

const options = resolveSimulationOptions({ lattice: 32, detuning: 'per-curve' });
const manifest = { format: 'spin-echo-dataset/1', kernel: 'rkky', model: 'RKKY', seed: 9, counts: { model: 50, eval: 20 }, samplesPerCurve: 471, options };
const dataset = (provenance: Record<string, unknown>, model: 'gauss' | 'RKKY' = 'RKKY'): DatasetRecord =>
  ({ id: 'ds-00000001', model, source: 'simulated', provenance, modelCount: 50, evalCount: 20, length: 471 }) as unknown as DatasetRecord;

describe('the simulation recipe of a data set', () => {
  it('comes from the manifest of a simulated set, or from one beside imported files, and is null otherwise', async () => {
    expect(await readDatasetRecipe(dataset({ kind: 'simulation', manifest }))).toMatchObject({ kernel: 'rkky', seed: 9, options: { lattice: 32, detuning: 'per-curve' } });
    const folder = mkdtempSync(join(tmpdir(), 'recipe-'));
    expect(await readDatasetRecipe(dataset({ kind: 'challenge-folder', folder }))).toBeNull();
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest));
    expect((await readDatasetRecipe(dataset({ kind: 'challenge-folder', folder })))!.from).toBe(join(folder, 'manifest.json'));
    expect(await readDatasetRecipe(dataset({ made: 'by hand' }))).toBeNull();
  });

  it('refuses a manifest of another model, other counts or a broken file', async () => {
    await expect(readDatasetRecipe(dataset({ kind: 'simulation', manifest }, 'gauss'))).rejects.toThrow(/rkky manifest for a gauss data set/);
    await expect(readDatasetRecipe(dataset({ kind: 'simulation', manifest: { ...manifest, counts: { model: 49, eval: 20 } } }))).rejects.toThrow(/counts/);
    const folder = mkdtempSync(join(tmpdir(), 'recipe-'));
    writeFileSync(join(folder, 'manifest.json'), '{ not json');
    await expect(readDatasetRecipe(dataset({ kind: 'challenge-folder', folder }))).rejects.toThrow(/unreadable manifest/);
  });

  it('numbers eval curves after the model curves, as the generator drew them', () => {
    const recipe = { kernel: 'rkky' as const, options, seed: 9 };
    expect(curveRecipe(recipe, 'model', 7, 50).curveIndex).toBe(7);
    expect(curveRecipe(recipe, 'eval', 7, 50).curveIndex).toBe(57);
  });
});
