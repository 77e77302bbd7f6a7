// The simulation recipe of a stored data set, when it is known: the manifest of a set simulated in
// the workspace, the demo recipe a demo set was seeded with, or the manifest the generator left
// beside imported challenge files; and the recipe a fit uses, the physics defaults where none is known.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDemoRecipe } from '../demo/demo-recipe.ts';
import { InputError } from '../errors.ts';
import { MANIFEST_FILE, type DatasetManifest } from '../formats/dataset-manifest.ts';
import { kernelOfModel, modelNameOf, type KernelName } from '../physics/kernels.ts';
import { curveLength, resolveSimulationOptions, type SimulationOptions, type SimulationOptionsInput } from '../physics/options.ts';
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
 * Checks the demo recipe a demo data set was seeded with (its provenance keeps a copy of
 * resources/demo/recipe.json's options and its own entry) against the data set it describes.
 */
function recipeOfDemo(recipe: { format?: unknown; options?: unknown; dataset?: unknown }, dataset: DatasetRecord, from: string): DatasetRecipe {
  const [entry] = parseDemoRecipe({ format: recipe.format, options: recipe.options, datasets: [recipe.dataset] }, from).datasets;
  const options = resolveSimulationOptions(recipe.options as SimulationOptionsInput);
  if (modelNameOf(entry.kernel) !== dataset.model) throw new InputError(`${from}: a ${entry.kernel} recipe for a ${dataset.model} data set`);
  if (entry.modelCount !== dataset.modelCount || entry.evalCount !== dataset.evalCount || curveLength(options) !== dataset.length) {
    throw new InputError(`${from}: the recipe's counts or curve length differ from data set ${dataset.id}'s`);
  }
  return { kernel: entry.kernel, options, seed: entry.seed, from };
}

/**
 * The recipe of a data set: from the manifest in its provenance (simulated in the workspace), the
 * demo recipe in its provenance (a demo set), or a manifest.json beside the challenge files it was
 * imported from. Null when none exists: the curves may come from anywhere, and no simulation is
 * known to reproduce them.
 */
export async function readDatasetRecipe(dataset: DatasetRecord): Promise<DatasetRecipe | null> {
  const provenance = dataset.provenance as { kind?: string; manifest?: DatasetManifest; folder?: string; recipe?: Record<string, unknown> };
  if (provenance.kind === 'simulation' && provenance.manifest) return recipeOfManifest(provenance.manifest, dataset, `data set ${dataset.id}'s provenance`);
  if (provenance.kind === 'demo' && provenance.recipe) return recipeOfDemo(provenance.recipe, dataset, `the demo recipe (recipe.json) of data set ${dataset.id}`);
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

/** What a fit may change of a data set's recipe: the detuning draw's seed and simulation settings. */
export interface FitRecipeChoice {
  readonly seed?: number;
  readonly settings?: SimulationOptionsInput;
}

/** The recipe a fit simulates with; `assumed` when no recipe is known and the physics defaults stand in. */
export interface FitRecipe extends DatasetRecipe {
  readonly assumed: boolean;
}

/** Stands in for an unknown recipe: the physics.md defaults (L = 100, one detuning draw per data set) and seed 0. */
export const ASSUMED_RECIPE_FROM = 'the physics defaults: no recipe is known for these curves';

/**
 * The recipe a fit of the data set's curves uses: its own where known, else the physics defaults
 * with seed 0, either with the caller's changes (validated as any simulation's). InputError when
 * the recipe is broken or simulates curves of another length than the data set's.
 */
export async function fitRecipeOf(dataset: DatasetRecord, choice: FitRecipeChoice = {}): Promise<FitRecipe> {
  const known = await readDatasetRecipe(dataset);
  const base: DatasetRecipe = known ?? { kernel: kernelOfModel(dataset.model), options: resolveSimulationOptions({}), seed: 0, from: ASSUMED_RECIPE_FROM };
  const settings = choice.settings ?? {};
  const options = resolveSimulationOptions({
    ...base.options,
    ...settings,
    priors: {
      ...base.options.priors,
      ...settings.priors,
      xi: { ...base.options.priors.xi, ...settings.priors?.xi },
    },
  });
  const seed = choice.seed ?? base.seed;
  validateSeed(seed, 'the fit\'s seed');
  if (curveLength(options) !== dataset.length) {
    throw new InputError(`data set ${dataset.name} has curves of ${dataset.length} samples, the simulator makes ${curveLength(options)}: no fit can compare them`);
  }
  const changed = choice.seed !== undefined || Object.keys(settings).length > 0;
  if (!known) return { ...base, options, seed, from: changed ? 'the settings given: no recipe is known for these curves' : ASSUMED_RECIPE_FROM, assumed: true };
  return { ...base, options, seed, from: changed ? `${known.from}, with the settings given` : known.from, assumed: false };
}
