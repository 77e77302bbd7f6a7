// Simulates and writes a challenge data set for one kernel: model curves and labels, eval curves and
// their answer key, and a manifest, streamed to disk batch by batch and published atomically at the
// end. The physics (label draws, the worker pool) stays in physics/; the files are this module's.
import { constants as fsConstants, promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { CancelledError, describeError, InputError, throwIfCancelled } from '../errors.ts';
import { removeStaleTemporaries, writeFileAtomic } from '../files/atomic-write.ts';
import { makeFolders, removeEmptyFolders } from '../files/make-folders.ts';
import { challengeFileName, type ChallengeRole } from '../formats/challenge-files.ts';
import type { CurveSet, LabelSet } from '../formats/curves.ts';
import { EchoPairWriter } from '../formats/echo-writer.ts';
import { writeLabelFile } from '../formats/label-writer.ts';
import { ProgressMeter, type ProgressListener } from '../progress.ts';
import { programVersion, productName } from '../version.ts';
import { MANIFEST_FILE, type DatasetManifest } from '../formats/dataset-manifest.ts';
import { drawLabels, validateLabelRows } from '../physics/draw-labels.ts';
import { KERNEL_NAMES, modelNameOf, type KernelName } from '../physics/kernels.ts';
import { curveLength, resolveSimulationOptions, type SimulationOptionsInput } from '../physics/options.ts';
import { validateSeed } from '../physics/random-streams.ts';
import { DEFAULT_BATCH_SIZE, defaultWorkerCount, SimulationPool } from '../physics/simulation-pool.ts';
import type { SimulationPlan } from '../physics/simulate-curve.ts';

/** Where the labels come from: the priors (model and eval sets), or the rows of a label file. */
export type DatasetSource =
  | { readonly kind: 'priors'; readonly modelCount: number; readonly evalCount: number }
  | { readonly kind: 'labels'; readonly labels: LabelSet; readonly labelsPath?: string };

export interface GenerateDatasetRequest {
  readonly kernel: KernelName;
  readonly seed: number;
  readonly outDir: string;
  readonly source: DatasetSource;
  readonly options?: SimulationOptionsInput;
  /** Worker threads; one per core by default. */
  readonly workers?: number;
  readonly batchSize?: number;
  /** Replace existing files of the same names instead of refusing. */
  readonly overwrite?: boolean;
  /** Also return the curves, in this precision (they are always written to the text files). */
  readonly collect?: 'float32' | 'float64';
  readonly signal?: AbortSignal;
  /** Curves done of all curves. */
  readonly onProgress?: ProgressListener;
}

export interface GeneratedDataset {
  readonly directory: string;
  readonly manifest: DatasetManifest;
  /** Absolute paths of every file written. */
  readonly paths: readonly string[];
  readonly labels: LabelSet;
  readonly evalTruth: LabelSet | null;
  /** Only with `collect`. */
  readonly model: CurveSet | null;
  readonly eval: CurveSet | null;
}

const MAX_CURVES = 10_000_000;

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min || value > MAX_CURVES) {
    throw new InputError(`${name} must be an integer in [${min}, ${MAX_CURVES}], not ${value}`);
  }
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await fs.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Simulates and writes a data set. Nothing appears under its final name before every curve is
 * done: the curve files stream into temporary files, renamed at the end with the label files and
 * the manifest. A cancelled or failed run removes everything it wrote, temporaries included, and
 * the output folder too if it created it.
 */
export async function generateDataset(request: GenerateDatasetRequest): Promise<GeneratedDataset> {
  const started = new Date();
  const startedClock = performance.now();
  const { kernel, seed, source, signal } = request;
  if (!(KERNEL_NAMES as readonly string[]).includes(kernel)) throw new InputError(`kernel must be gauss or rkky, not ${kernel}`);
  validateSeed(seed);
  const options = resolveSimulationOptions(request.options);
  const workers = request.workers ?? defaultWorkerCount();
  checkCount('workers', workers, 1);
  const batchSize = request.batchSize ?? DEFAULT_BATCH_SIZE;
  checkCount('batch size', batchSize, 1);
  let labels: LabelSet;
  let evalTruth: LabelSet | null = null;
  if (source.kind === 'priors') {
    checkCount('the model curve count', source.modelCount, 1);
    checkCount('the eval curve count', source.evalCount, 0);
    labels = drawLabels(seed, 0, source.modelCount, options);
    evalTruth = source.evalCount > 0 ? drawLabels(seed, source.modelCount, source.evalCount, options) : null;
  } else {
    if (source.labels.count < 1 || source.labels.data.length !== source.labels.count * 3) {
      throw new InputError('the label set must hold at least one row of (alpha, xi, d)');
    }
    labels = source.labels;
    validateLabelRows(labels, options, source.labelsPath ?? 'labels');
  }
  const model = modelNameOf(kernel);
  const directory = resolve(request.outDir);
  const names: Partial<Record<ChallengeRole | 'manifest', string>> = {
    modelReal: challengeFileName(model, 'modelReal'),
    modelImaginary: challengeFileName(model, 'modelImaginary'),
    modelLabels: challengeFileName(model, 'modelLabels'),
    ...(evalTruth && {
      evalReal: challengeFileName(model, 'evalReal'),
      evalImaginary: challengeFileName(model, 'evalImaginary'),
      evalTruth: challengeFileName(model, 'evalTruth'),
    }),
    manifest: MANIFEST_FILE,
  };
  const paths = Object.values(names).map((name) => join(directory, name));
  if (!request.overwrite) {
    for (const path of paths) if (await pathExists(path)) throw new InputError(`${path} already exists: not replacing it (the CLI's --force does)`);
  }
  throwIfCancelled(signal);

  const createdRoot = await createOutputFolder(directory);
  // What an earlier simulation killed mid-write (kill -9, a power cut) left here.
  await removeStaleTemporaries(directory, Object.values(names));
  const length = curveLength(options);
  const modelWriter = new EchoPairWriter(join(directory, names.modelReal!), join(directory, names.modelImaginary!), length);
  const evalWriter = evalTruth ? new EchoPairWriter(join(directory, names.evalReal!), join(directory, names.evalImaginary!), length) : null;
  const collectArray = (count: number) =>
    request.collect === 'float32' ? new Float32Array(count * length * 2) : request.collect === 'float64' ? new Float64Array(count * length * 2) : null;
  const modelCurves = collectArray(labels.count);
  const evalCurves = evalTruth ? collectArray(evalTruth.count) : null;
  const total = labels.count + (evalTruth?.count ?? 0);
  const meter = new ProgressMeter(total, request.onProgress);
  const plan: SimulationPlan = { kernel, options, seed };
  const published: string[] = [];
  let pool: SimulationPool | null = null;
  try {
    pool = new SimulationPool(plan, workers);
    const runSet = async (writer: EchoPairWriter, set: LabelSet, firstIndex: number, collected: Float32Array | Float64Array | null) => {
      await pool!.run({
        firstIndex,
        labels: set.data,
        batchSize,
        signal,
        meter,
        onBatch: async (firstRow, count, data) => {
          collected?.set(data, firstRow * length * 2);
          await writer.append(data, count);
        },
      });
    };
    await runSet(modelWriter, labels, 0, modelCurves);
    if (evalWriter && evalTruth) await runSet(evalWriter, evalTruth, labels.count, evalCurves);
    await pool.close();
    throwIfCancelled(signal);

    // Publish: every curve is on disk under a temporary name; from here on only renames and
    // small writes remain, and a failure still removes whatever was already published.
    await modelWriter.commit();
    published.push(join(directory, names.modelReal!), join(directory, names.modelImaginary!));
    if (evalWriter) {
      await evalWriter.commit();
      published.push(join(directory, names.evalReal!), join(directory, names.evalImaginary!));
    }
    await writeLabelFile(join(directory, names.modelLabels!), labels);
    published.push(join(directory, names.modelLabels!));
    if (evalTruth) {
      await writeLabelFile(join(directory, names.evalTruth!), evalTruth);
      published.push(join(directory, names.evalTruth!));
    }
    const elapsedSeconds = (performance.now() - startedClock) / 1000;
    const manifest: DatasetManifest = {
      format: 'spin-echo-dataset/1',
      program: { name: productName, version: programVersion },
      kernel,
      model,
      seed,
      source: source.kind === 'priors' ? 'priors' : { labelsFile: source.labelsPath ?? null },
      counts: { model: labels.count, eval: evalTruth?.count ?? 0 },
      samplesPerCurve: length,
      detuning: options.detuning,
      options,
      files: names,
      timing: {
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        elapsedSeconds,
        secondsPerCurve: elapsedSeconds / total,
        workers,
        batchSize,
      },
    };
    await writeFileAtomic(join(directory, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    published.push(join(directory, MANIFEST_FILE));
    return {
      directory,
      manifest,
      paths: published,
      labels,
      evalTruth,
      model: modelCurves ? { count: labels.count, length, data: modelCurves } : null,
      eval: evalCurves && evalTruth ? { count: evalTruth.count, length, data: evalCurves } : null,
    };
  } catch (error) {
    await pool?.close();
    await Promise.all([modelWriter.abort(), evalWriter?.abort()]);
    await Promise.all(published.map((path) => fs.rm(path, { force: true })));
    await removeTemporaries(directory, Object.values(names));
    if (createdRoot) await removeEmptyFolders(directory, createdRoot);
    throw signal?.aborted && !(error instanceof CancelledError) ? new CancelledError() : error;
  }
}

/**
 * Creates the folder if needed (returning the first folder created, null when it existed) and checks
 * that it is writable: a write stream that cannot open its file would fail only later, off the call stack.
 */
async function createOutputFolder(directory: string): Promise<string | null> {
  let created: string | null = null;
  try {
    // One mkdir per missing folder: Node's recursive mkdir spins forever under /proc.
    created = await makeFolders(directory);
    await fs.access(directory, fsConstants.W_OK);
  } catch (error) {
    if (created) await removeEmptyFolders(directory, created);
    throw new InputError(`cannot write into the output folder: ${describeError(error)}`);
  }
  return created;
}

/**
 * Removes temporary files of ours still in the folder. An abort that comes while a temporary file
 * is still being opened can delete it before the open creates it (atomic-write names them
 * `.<name>.<hex>.tmp`); this sweep runs after the aborts and catches such a file.
 */
async function removeTemporaries(directory: string, names: string[]): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(directory);
  } catch {
    return;
  }
  const ours = entries.filter((entry) => entry.endsWith('.tmp') && names.some((name) => entry.startsWith(`.${name}.`)));
  await Promise.all(ours.map((entry) => fs.rm(join(directory, entry), { force: true })));
}
