// The simulation recipe of a stored data set, when it is known: the manifest of a set simulated in
// the workspace, or the manifest the generator left beside imported challenge files.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import { MANIFEST_FILE, type DatasetManifest } from '../physics/generate-dataset.ts';
import { modelNameOf, type KernelName } from '../physics/kernels.ts';
import { resolveSimulationOptions, type SimulationOptions } from '../physics/options.ts';
import { validateSeed } from '../physics/random-streams.ts';
import type { DatasetRecord } from '../store/datasets.ts';
import type { SimulationRecipe } from './fit-curve.ts';

export interface DatasetRecipe {
  readonly kernel: KernelName;
  readonly options: SimulationOptions;
  /** The data set's seed (its detuning draws). */
  readonly seed: number;
  /** Where the recipe was read, for the user. */
  readonly from: string;
}

export type CurveSplit = 'model' | 'eval';

/**
 * Checks that a manifest describes this very data set: same model, counts and curve length; its
 * options are validated as any simulation's. Returns the recipe, or throws InputError saying why not.
 */
function recipeOfManifest(manifest: DatasetManifest, dataset: DatasetRecord, from: string): DatasetRecipe {
  if (manifest?.format !== 'spin-echo-dataset/1') throw new InputError(`${from}: not a spin-echo-dataset/1 manifest`);
  if (modelNameOf(manifest.kernel) !== dataset.model) throw new InputError(`${from}: a ${manifest.kernel} manifest for a ${dataset.model} data set`);
  if (manifest.counts?.model !== dataset.modelCount || manifest.counts?.eval !== dataset.evalCount || manifest.samplesPerCurve !== dataset.length) {
    throw new InputError(`${from}: the manifest's counts or curve length differ from data set ${dataset.id}'s`);
  }
  validateSeed(manifest.seed);
  return { kernel: manifest.kernel, options: resolveSimulationOptions(manifest.options), seed: manifest.seed, from };
}

/**
 * The recipe of a data set: from the manifest in its provenance (simulated in the workspace), or
 * from a manifest.json beside the challenge files it was imported from. Null when neither exists:
 * the curves may come from anywhere, and no simulation is known to reproduce them.
 */
export async function readDatasetRecipe(dataset: DatasetRecord): Promise<DatasetRecipe | null> {
  const provenance = dataset.provenance as { kind?: string; manifest?: DatasetManifest; folder?: string };
  if (provenance.kind === 'simulation' && provenance.manifest) return recipeOfManifest(provenance.manifest, dataset, `data set ${dataset.id}'s provenance`);
  if (provenance.kind === 'challenge-folder' && typeof provenance.folder === 'string') {
    const path = join(provenance.folder, MANIFEST_FILE);
    if (!existsSync(path)) return null;
    let manifest: DatasetManifest;
    try {
      manifest = JSON.parse(await readFile(path, 'utf8')) as DatasetManifest;
    } catch (error) {
      throw new InputError(`${path}: unreadable manifest (${error instanceof Error ? error.message : String(error)})`);
    }
    return recipeOfManifest(manifest, dataset, path);
  }
  return null;
}

/** The recipe of one curve: eval curves were simulated after the model curves, their indices following on. */
export function curveRecipe(recipe: Pick<DatasetRecipe, 'kernel' | 'options' | 'seed'>, split: CurveSplit, index: number, modelCount: number): SimulationRecipe {
  return { kernel: recipe.kernel, options: recipe.options, seed: recipe.seed, curveIndex: split === 'model' ? index : modelCount + index };
}
