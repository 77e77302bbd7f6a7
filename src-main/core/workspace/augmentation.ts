// Simulation-augmented training data: further curves of a data set's own physics and priors, drawn
// as its generator would have drawn the curves after its last one, simulated in the worker pool
// and cached in the workspace per recipe and seed, so that every run asking for them shares them.
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, throwIfCancelled } from '../errors.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';
import { readDatasetRecipe, type DatasetRecipe } from '../fit/dataset-recipe.ts';
import { drawLabels } from '../physics/draw-labels.ts';
import { curveLength } from '../physics/options.ts';
import { defaultWorkerCount, SimulationPool } from '../physics/simulation-pool.ts';
import { ProgressMeter, type ProgressListener } from '../progress.ts';
import { cachedAugmentationRows, writeAugmentationPart } from '../formats/augmentation-files.ts';
import type { DatasetRecord } from '../store/datasets.ts';
import type { WorkspaceContext } from './workspace-context.ts';

/** Curves per cached part: what a cancel or a crash can lose at most. */
const PART_SIZE = 500;

export interface AugmentationOptions {
  readonly signal?: AbortSignal;
  /** Curves simulated of those missing from the cache. */
  readonly onProgress?: ProgressListener;
  readonly workers?: number;
}

export class Augmentation {
  constructor(private readonly context: WorkspaceContext) {}

  /** The data set's recipe; InputError when it has none, since nothing could then simulate more of its curves. */
  async requireRecipe(dataset: DatasetRecord): Promise<DatasetRecipe> {
    const recipe = await readDatasetRecipe(dataset);
    if (!recipe) {
      throw new InputError(`data set ${dataset.id} has no known simulation recipe (${dataset.source}, no manifest): it cannot be augmented with simulated curves`);
    }
    return recipe;
  }

  /**
   * The cache folder of a data set's augmentation, with at least `count` curves in it: those
   * missing are simulated first. Curve k has the labels and detuning draws the generator gives the
   * data set's curve modelCount + evalCount + k, so the cache depends only on the recipe and seed.
   */
  async prepare(dataset: DatasetRecord, count: number, options: AugmentationOptions = {}): Promise<string> {
    this.context.requireWritable('simulate augmentation curves');
    const recipe = await this.requireRecipe(dataset);
    const firstIndex = dataset.modelCount + dataset.evalCount;
    const identity = { kernel: recipe.kernel, options: recipe.options, seed: recipe.seed, firstIndex };
    const key = createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 16);
    const dir = this.context.resolve(`augment/${key}`);
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(join(dir, 'recipe.json'), JSON.stringify({ dataset: dataset.id, ...identity }, null, 2) + '\n');
    let cached = await cachedAugmentationRows(dir);
    if (cached >= count) return dir;
    throwIfCancelled(options.signal);
    const length = curveLength(recipe.options);
    const meter = new ProgressMeter(count - cached, options.onProgress);
    const pool = new SimulationPool({ kernel: recipe.kernel, options: recipe.options, seed: recipe.seed }, options.workers ?? defaultWorkerCount());
    try {
      while (cached < count) {
        const rows = Math.min(PART_SIZE, count - cached);
        const labels = drawLabels(recipe.seed, firstIndex + cached, rows, recipe.options);
        const curves = new Float32Array(rows * length * 2);
        await pool.run({
          firstIndex: firstIndex + cached,
          labels: Float64Array.from(labels.data),
          signal: options.signal,
          meter,
          onBatch: (firstRow, _count, data) => curves.set(data, firstRow * length * 2),
        });
        await writeAugmentationPart(dir, cached, { count: rows, length, data: curves }, labels);
        cached += rows;
      }
    } finally {
      await pool.close();
    }
    return dir;
  }
}
