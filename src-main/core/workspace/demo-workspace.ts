// Gives a brand-new workspace the shipped demo data sets (a small gauss and a small RKKY set with
// eval curves and their answer keys), once, before the workbench opens it.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readDemoArrays, type DemoArrays } from '../demo/demo-arrays.ts';
import { readDemoRecipe, type DemoDatasetRecipe, type DemoRecipe } from '../demo/demo-recipe.ts';
import { InputError } from '../errors.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';
import { modelNameOf } from '../physics/kernels.ts';
import { curveLength } from '../physics/options.ts';
import { demoResourcesDir } from '../shipped-resources.ts';
import { DATABASE_FILE } from '../store/database.ts';
import type { DatasetRecord } from '../store/datasets.ts';
import { openWorkspace } from './workspace.ts';

/** Written into the workspace once the demo is in: the record that it was seeded, and when. */
export const DEMO_SEED_RECORD = 'demo-seeded.json';

export type DemoSeedOutcome =
  | { readonly kind: 'seeded'; readonly datasets: readonly DatasetRecord[] }
  /** The workspace existed before, or already holds data sets: nothing was touched. */
  | { readonly kind: 'skipped'; readonly reason: string }
  /** The shipped demo could not be read (a broken installation): the workspace was not touched. */
  | { readonly kind: 'unavailable'; readonly problem: string };

export interface SeedDemoOptions {
  /** The folder of recipe.json and the arrays; the shipped one by default. */
  readonly resourcesDir?: string;
}

interface LoadedDemoDataset {
  readonly recipe: DemoDatasetRecipe;
  readonly arrays: DemoArrays;
}

async function loadDemo(dir: string): Promise<{ recipe: DemoRecipe; datasets: LoadedDemoDataset[] }> {
  const recipe = await readDemoRecipe(dir);
  const length = curveLength(recipe.options);
  const datasets: LoadedDemoDataset[] = [];
  for (const dataset of recipe.datasets) datasets.push({ recipe: dataset, arrays: await readDemoArrays(dir, { ...dataset, length }) });
  return { recipe, datasets };
}

/** Where a demo data set came from, with the few facts the Data view shows at its top level. */
function demoProvenance(recipe: DemoRecipe, dataset: DemoDatasetRecipe): Record<string, unknown> {
  const program = recipe.generated?.program;
  return {
    kind: 'demo',
    seed: dataset.seed,
    lattice: recipe.options.lattice,
    detuning: recipe.options.detuning,
    ...(program && { madeBy: `${program.name} ${program.version}` }),
    recipe: { format: recipe.format, about: recipe.about, options: recipe.options, dataset, generated: recipe.generated ?? null },
  };
}

/**
 * Seeds the demo data sets into the workspace in `workspaceDir` when it is new: no database yet
 * and no record of an earlier seeding. Call it before the workbench opens the workspace. It never
 * seeds a workspace that holds data sets (another process may have filled it meanwhile), never
 * seeds twice, and reads the whole demo before it creates anything, so a broken installation
 * leaves the workspace as it found it. Errors of the workspace itself (busy, damaged) are thrown,
 * as opening it would throw them anyway.
 */
export async function seedDemoWorkspace(workspaceDir: string, options: SeedDemoOptions = {}): Promise<DemoSeedOutcome> {
  const dir = resolve(workspaceDir);
  if (existsSync(join(dir, DATABASE_FILE))) return { kind: 'skipped', reason: 'the workspace already exists' };
  if (existsSync(join(dir, DEMO_SEED_RECORD))) return { kind: 'skipped', reason: 'the demo was seeded before' };
  let demo: Awaited<ReturnType<typeof loadDemo>>;
  try {
    demo = await loadDemo(options.resourcesDir ?? demoResourcesDir());
  } catch (error) {
    if (error instanceof InputError) return { kind: 'unavailable', problem: `no demo data sets: ${error.message}` };
    throw error;
  }
  const workspace = await openWorkspace(dir);
  try {
    if (workspace.datasets.list().length > 0) return { kind: 'skipped', reason: 'the workspace already holds data sets' };
    const added: DatasetRecord[] = [];
    for (const { recipe, arrays } of demo.datasets) {
      added.push(
        await workspace.datasets.add({
          name: recipe.name,
          model: modelNameOf(recipe.kernel),
          source: 'demo',
          provenance: demoProvenance(demo.recipe, recipe),
          arrays,
        }),
      );
    }
    const record = {
      seededAt: new Date().toISOString(),
      program: demo.recipe.generated?.program ?? null,
      datasets: added.map((dataset) => ({ id: dataset.id, name: dataset.name, model: dataset.model })),
    };
    await writeFileAtomic(join(dir, DEMO_SEED_RECORD), JSON.stringify(record, null, 2) + '\n');
    return { kind: 'seeded', datasets: added };
  } finally {
    await workspace.close();
  }
}

/** One line for the console about an outcome worth telling (a seeding or a broken demo), else null. */
export function describeDemoSeed(outcome: DemoSeedOutcome): string | null {
  if (outcome.kind === 'seeded') return `a new workspace: added the demo data sets ${outcome.datasets.map((dataset) => dataset.name).join(', ')}`;
  if (outcome.kind === 'unavailable') return outcome.problem;
  return null;
}
