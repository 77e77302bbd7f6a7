import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { curveRecipe, fitRecipeOf, readDatasetRecipe } from '../../../src-main/core/fit/dataset-recipe.ts';
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

  it("comes from the demo recipe a demo set was seeded with, checked against the data set", async () => {
    const demo = (entry: Record<string, unknown>) => dataset({ kind: 'demo', recipe: { format: 'spin-echo-demo-recipe/1', options, dataset: { name: 'Demo RKKY', kernel: 'rkky', seed: 102, modelCount: 50, evalCount: 20, ...entry } } });
    expect(await readDatasetRecipe(demo({}))).toMatchObject({ kernel: 'rkky', seed: 102, options: { lattice: 32, detuning: 'per-curve' }, from: expect.stringMatching(/demo recipe/) });
    await expect(readDatasetRecipe(demo({ modelCount: 49 }))).rejects.toThrow(/counts/);
    await expect(readDatasetRecipe(demo({ kernel: 'gauss' }))).rejects.toThrow(/gauss recipe for a RKKY data set/);
    await expect(readDatasetRecipe(demo({ seed: -1 }))).rejects.toThrow(/seed/);
  });

  it('stands in the physics defaults and seed 0 for curves of unknown recipe, with the changes given, for curves of their length only', async () => {
    const imported = dataset({ kind: 'challenge-folder', folder: mkdtempSync(join(tmpdir(), 'recipe-')) });
    expect(await fitRecipeOf(imported)).toMatchObject({ assumed: true, kernel: 'rkky', seed: 0, options: { lattice: 100, detuning: 'per-dataset' } });
    expect(await fitRecipeOf(imported, { seed: 4, settings: { lattice: 20, priors: { alpha: [0, 10] } } })).toMatchObject({
      assumed: true,
      seed: 4,
      options: { lattice: 20, priors: { alpha: [0, 10], Gamma: [0, 0.0025] } },
      from: expect.stringMatching(/settings given/),
    });
    await expect(fitRecipeOf(imported, { seed: 1.5 })).rejects.toThrow(/seed/);
    await expect(fitRecipeOf({ ...imported, length: 300 })).rejects.toThrow(/curves of 300 samples, the simulator makes 471/);
    // A known recipe stays the data set's own unless changed.
    expect(await fitRecipeOf(dataset({ kind: 'simulation', manifest }))).toMatchObject({ assumed: false, seed: 9, options: { lattice: 32 } });
  });

  it('numbers eval curves after the model curves, as the generator drew them', () => {
    const recipe = { kernel: 'rkky' as const, options, seed: 9 };
    expect(curveRecipe(recipe, 'model', 7, 50).curveIndex).toBe(7);
    expect(curveRecipe(recipe, 'eval', 7, 50).curveIndex).toBe(57);
  });
});
