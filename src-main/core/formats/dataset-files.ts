// Binary arrays of a stored data set in the workspace: Float32 curves and Float64 labels as array
// files (each with its length and checksum, see array-file.ts) and a JSON header written last, so
// that the trainer and the UI load them without parsing text, and a damaged file is refused.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { throwIfCancelled } from '../errors.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';
import { DamagedFileError } from '../files/damaged-file.ts';
import type { CurveSet, LabelSet } from './curves.ts';
import { readArrayFile, writeArrayFile } from './array-file.ts';

export interface DatasetArraysHeader {
  readonly format: 'spin-echo-arrays/1';
  /** Time points per curve. */
  readonly length: number;
  readonly modelCount: number;
  readonly evalCount: number;
  readonly hasEvalTruth: boolean;
}

export interface DatasetArrays {
  readonly header: DatasetArraysHeader;
  readonly model: CurveSet;
  readonly labels: LabelSet;
  readonly eval: CurveSet | null;
  readonly evalTruth: LabelSet | null;
}

/**
 * Present in a data set's folder from its first byte until its row is committed: a folder that
 * still holds it (or has no header) and has no row is what a crash left, never a stored data set.
 */
export const INCOMPLETE_MARKER = '.incomplete';

export const DATASET_FILES = {
  header: 'dataset.json',
  model: 'model-curves.f32',
  labels: 'model-labels.f64',
  eval: 'eval-curves.f32',
  evalTruth: 'eval-truth.f64',
} as const;

/** What to do about a damaged file of a stored data set (a caller may know better, e.g. for a cache). */
export const DATASET_REMEDY = 'import or simulate the data set again, or restore the workspace from a backup';

/** Writes the arrays of one data set into `dir` (which must exist); each file atomically, header last; stops between files on `signal`. */
export async function writeDatasetArrays(
  dir: string,
  arrays: { model: CurveSet; labels: LabelSet; eval?: CurveSet | null; evalTruth?: LabelSet | null },
  signal?: AbortSignal,
): Promise<DatasetArraysHeader> {
  const { model, labels } = arrays;
  const evalSet = arrays.eval ?? null;
  const evalTruth = arrays.evalTruth ?? null;
  if (labels.count !== model.count) throw new RangeError(`labels (${labels.count}) and curves (${model.count}) differ in count`);
  if (evalSet && evalSet.length !== model.length) throw new RangeError('eval curves differ in length from model curves');
  if (evalTruth && (!evalSet || evalTruth.count !== evalSet.count)) throw new RangeError('eval truth does not match the eval curves');
  const curveShape = (set: CurveSet) => [set.count, set.length, 2];
  throwIfCancelled(signal);
  await writeArrayFile(join(dir, DATASET_FILES.model), Float32Array.from(model.data), curveShape(model));
  throwIfCancelled(signal);
  await writeArrayFile(join(dir, DATASET_FILES.labels), labels.data, [labels.count, 3]);
  throwIfCancelled(signal);
  if (evalSet) await writeArrayFile(join(dir, DATASET_FILES.eval), Float32Array.from(evalSet.data), curveShape(evalSet));
  throwIfCancelled(signal);
  if (evalTruth) await writeArrayFile(join(dir, DATASET_FILES.evalTruth), evalTruth.data, [evalTruth.count, 3]);
  throwIfCancelled(signal);
  const header: DatasetArraysHeader = {
    format: 'spin-echo-arrays/1',
    length: model.length,
    modelCount: model.count,
    evalCount: evalSet?.count ?? 0,
    hasEvalTruth: evalTruth !== null,
  };
  await writeFileAtomic(join(dir, DATASET_FILES.header), JSON.stringify(header, null, 2) + '\n');
  return header;
}

/** Reads and checks the header of the arrays in `dir`. */
export async function readDatasetHeader(dir: string, remedy = DATASET_REMEDY): Promise<DatasetArraysHeader> {
  const path = join(dir, DATASET_FILES.header);
  let header: DatasetArraysHeader;
  try {
    header = JSON.parse(await fs.readFile(path, 'utf8')) as DatasetArraysHeader;
  } catch (error) {
    if (error instanceof SyntaxError) throw new DamagedFileError(path, 'it is not valid JSON', remedy);
    throw error;
  }
  if (header.format !== 'spin-echo-arrays/1') throw new DamagedFileError(path, `unknown format ${String(header.format)}`, remedy);
  return header;
}

/** Reads every array of the data set stored in `dir`; a damaged file is a DamagedFileError saying `remedy`. */
export async function readDatasetArrays(dir: string, remedy = DATASET_REMEDY): Promise<DatasetArrays> {
  const header = await readDatasetHeader(dir, remedy);
  const { length, modelCount, evalCount } = header;
  const model = await readArrayFile(join(dir, DATASET_FILES.model), 'float32', [modelCount, length, 2], remedy);
  const labels = await readArrayFile(join(dir, DATASET_FILES.labels), 'float64', [modelCount, 3], remedy);
  const evalData = evalCount > 0 ? await readArrayFile(join(dir, DATASET_FILES.eval), 'float32', [evalCount, length, 2], remedy) : null;
  const truth = header.hasEvalTruth ? await readArrayFile(join(dir, DATASET_FILES.evalTruth), 'float64', [evalCount, 3], remedy) : null;
  return {
    header,
    model: { count: modelCount, length, data: model },
    labels: { count: modelCount, data: labels },
    eval: evalData ? { count: evalCount, length, data: evalData } : null,
    evalTruth: truth ? { count: evalCount, data: truth } : null,
  };
}
