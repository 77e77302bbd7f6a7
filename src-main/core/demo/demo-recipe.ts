// The recipe of the demo data sets: which kernels, seeds and counts, every simulation option, and a
// record of the program run that made the shipped arrays, so that anyone can remake them exactly.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';
import { KERNEL_NAMES, type KernelName } from '../physics/kernels.ts';
import { resolveSimulationOptions, type SimulationOptions, type SimulationOptionsInput } from '../physics/options.ts';
import { validateSeed } from '../physics/random-streams.ts';

export const DEMO_RECIPE_FILE = 'recipe.json';
export const DEMO_RECIPE_FORMAT = 'spin-echo-demo-recipe/1';

/** One demo data set: model curves and eval curves drawn from the priors, as `generate` makes them. */
export interface DemoDatasetRecipe {
  readonly name: string;
  readonly kernel: KernelName;
  readonly seed: number;
  readonly modelCount: number;
  readonly evalCount: number;
}

/** What the last run of scripts/make-demo.ts recorded about itself. */
export interface DemoGeneration {
  readonly program: { readonly name: string; readonly version: string };
  /** The git commit of the sources, and whether the simulator's differed from it; null outside a checkout. */
  readonly source: { readonly commit: string; readonly physicsModified: boolean } | null;
  readonly finishedAt: string;
  readonly elapsedSeconds: number;
  readonly workers: number;
  readonly batchSize: number;
  /** Per file name: its size on disk and the size of the array it holds. */
  readonly files: Readonly<Record<string, { readonly bytes: number; readonly arrayBytes: number }>>;
}

export interface DemoRecipe {
  readonly format: typeof DEMO_RECIPE_FORMAT;
  readonly about: string;
  /** Every option, defaults included, so that a later change of a default cannot change the demo. */
  readonly options: SimulationOptions;
  readonly datasets: readonly DemoDatasetRecipe[];
  /** Absent until the arrays have been made. */
  readonly generated?: DemoGeneration;
}

const MAX_DEMO_CURVES = 100_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseDataset(value: unknown, where: string): DemoDatasetRecipe {
  if (!isRecord(value)) throw new InputError(`${where}: a data set must be an object`);
  const { name, kernel, seed, modelCount, evalCount } = value;
  if (typeof name !== 'string' || name.trim() === '') throw new InputError(`${where}: name must be a non-empty string`);
  if (!(KERNEL_NAMES as readonly unknown[]).includes(kernel)) throw new InputError(`${where}: kernel must be one of ${KERNEL_NAMES.join(', ')}, not ${String(kernel)}`);
  validateSeed(seed as number, `${where}: seed`);
  for (const [field, count, min] of [['modelCount', modelCount, 1], ['evalCount', evalCount, 0]] as const) {
    if (!Number.isInteger(count) || (count as number) < min || (count as number) > MAX_DEMO_CURVES) {
      throw new InputError(`${where}: ${field} must be an integer in [${min}, ${MAX_DEMO_CURVES}], not ${String(count)}`);
    }
  }
  return { name, kernel: kernel as KernelName, seed: seed as number, modelCount: modelCount as number, evalCount: evalCount as number };
}

/**
 * Checks a parsed recipe and resolves its options (filling any default it leaves out). `where`
 * names the file in error messages. The generation record is kept as it is: it documents, it
 * decides nothing.
 */
export function parseDemoRecipe(value: unknown, where: string): DemoRecipe {
  if (!isRecord(value)) throw new InputError(`${where}: the recipe must be a JSON object`);
  if (value.format !== DEMO_RECIPE_FORMAT) throw new InputError(`${where}: format must be ${DEMO_RECIPE_FORMAT}, not ${String(value.format)}`);
  if (!Array.isArray(value.datasets) || value.datasets.length === 0) throw new InputError(`${where}: datasets must be a non-empty list`);
  const datasets = value.datasets.map((entry, index) => parseDataset(entry, `${where}, data set ${index + 1}`));
  const kernels = datasets.map((dataset) => dataset.kernel);
  if (new Set(kernels).size !== kernels.length) throw new InputError(`${where}: each kernel may have one demo data set only`);
  let options: SimulationOptions;
  try {
    options = resolveSimulationOptions((value.options ?? {}) as SimulationOptionsInput);
  } catch (error) {
    throw error instanceof InputError ? new InputError(`${where}: ${error.message}`) : error;
  }
  return {
    format: DEMO_RECIPE_FORMAT,
    about: typeof value.about === 'string' ? value.about : '',
    options,
    datasets,
    ...(isRecord(value.generated) && { generated: value.generated as unknown as DemoGeneration }),
  };
}

/** Reads and checks `recipe.json` in the demo folder. */
export async function readDemoRecipe(dir: string): Promise<DemoRecipe> {
  const path = join(dir, DEMO_RECIPE_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the demo recipe ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseDemoRecipe(parsed, path);
}

export async function writeDemoRecipe(dir: string, recipe: DemoRecipe): Promise<void> {
  await writeFileAtomic(join(dir, DEMO_RECIPE_FILE), JSON.stringify(recipe, null, 2) + '\n');
}
