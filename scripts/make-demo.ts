// Remakes the shipped demo data sets in resources/demo from their recipe with the project's own
// simulator, and records the run (program version, time, file sizes) in the recipe.
//   node --import tsx scripts/make-demo.ts [--workers N]
// The recipe's kernels, seeds, counts and options decide the data; edit them in
// resources/demo/recipe.json, then run this.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeDemoArrays, type DemoArrays, type WrittenDemoFile } from '../src-main/core/demo/demo-arrays.ts';
import { readDemoRecipe, writeDemoRecipe, type DemoGeneration } from '../src-main/core/demo/demo-recipe.ts';
import { describeError } from '../src-main/core/errors.ts';
import type { CurveSet } from '../src-main/core/formats/curves.ts';
import { generateDataset } from '../src-main/core/workspace/generate-dataset.ts';
import { DEFAULT_BATCH_SIZE, defaultWorkerCount } from '../src-main/core/physics/simulation-pool.ts';
import type { Progress } from '../src-main/core/progress.ts';
import { demoResourcesDir } from '../src-main/core/shipped-resources.ts';
import { programVersion, productName } from '../src-main/core/version.ts';

function float32Curves(set: CurveSet | null): (CurveSet & { data: Float32Array }) | null {
  if (set === null) return null;
  if (!(set.data instanceof Float32Array)) throw new Error('the generator did not collect float32 curves');
  return { count: set.count, length: set.length, data: set.data };
}

/** The commit the simulator came from, and whether its physics sources differed from it; null outside a git checkout. */
function sourceState(): DemoGeneration['source'] {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { commit: git('rev-parse', 'HEAD'), physicsModified: git('status', '--porcelain', '--', 'src-main/core/physics') !== '' };
  } catch {
    return null;
  }
}

function minutes(seconds: number): string {
  return seconds < 90 ? `${seconds.toFixed(0)} s` : `${(seconds / 60).toFixed(1)} min`;
}

/** One progress line, rewritten in place on a terminal, else printed every tenth of the way. */
function progressPrinter(label: string): (progress: Progress) => void {
  let lastTenth = -1;
  return ({ done, total, etaSeconds, elapsedSeconds }) => {
    const line = `${label}: ${done}/${total} curves, ${minutes(elapsedSeconds)} elapsed${etaSeconds === null ? '' : `, about ${minutes(etaSeconds)} left`}`;
    if (process.stdout.isTTY) {
      process.stdout.write(`\r${line}\x1b[K${done === total ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor((10 * done) / total);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      process.stdout.write(line + '\n');
    }
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { workers: { type: 'string' } } });
  const workers = values.workers === undefined ? defaultWorkerCount() : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`--workers must be a positive integer, not ${values.workers}`);
  const dir = demoResourcesDir(undefined);
  const recipe = await readDemoRecipe(dir);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());

  const started = performance.now();
  const files: WrittenDemoFile[] = [];
  for (const dataset of recipe.datasets) {
    const scratch = await mkdtemp(join(tmpdir(), 'spin-echo-make-demo-'));
    try {
      const generated = await generateDataset({
        kernel: dataset.kernel,
        seed: dataset.seed,
        outDir: scratch,
        source: { kind: 'priors', modelCount: dataset.modelCount, evalCount: dataset.evalCount },
        options: recipe.options,
        workers,
        batchSize: DEFAULT_BATCH_SIZE,
        collect: 'float32',
        signal: controller.signal,
        onProgress: progressPrinter(`${dataset.name} (${dataset.kernel}, L = ${recipe.options.lattice})`),
      });
      const arrays: DemoArrays = {
        model: float32Curves(generated.model)!,
        labels: generated.labels,
        eval: float32Curves(generated.eval),
        evalTruth: generated.evalTruth,
      };
      files.push(...(await writeDemoArrays(dir, dataset.kernel, arrays)));
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  const elapsedSeconds = (performance.now() - started) / 1000;
  const generation: DemoGeneration = {
    program: { name: productName, version: programVersion },
    source: sourceState(),
    finishedAt: new Date().toISOString(),
    elapsedSeconds: Math.round(elapsedSeconds * 10) / 10,
    workers,
    batchSize: DEFAULT_BATCH_SIZE,
    files: Object.fromEntries(files.map(({ name, bytes, arrayBytes }) => [name, { bytes, arrayBytes }])),
  };
  await writeDemoRecipe(dir, { ...recipe, generated: generation });
  const total = files.reduce((sum, file) => sum + file.bytes, 0);
  const raw = files.reduce((sum, file) => sum + file.arrayBytes, 0);
  process.stdout.write(`wrote ${files.length} files into ${dir}: ${(total / 1e6).toFixed(2)} MB (arrays ${(raw / 1e6).toFixed(2)} MB) in ${minutes(elapsedSeconds)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`make-demo: ${describeError(error)}\n`);
  process.exitCode = 1;
});
