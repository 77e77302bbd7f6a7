// Binary arrays of a stored data set in the workspace: raw little-endian Float32 curves and
// Float64 labels with a JSON header, so that the trainer and the UI load them without parsing text.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.ts';
import type { CurveSet, LabelSet } from '../formats/curves.ts';

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

export const DATASET_FILES = {
  header: 'dataset.json',
  model: 'model-curves.f32',
  labels: 'model-labels.f64',
  eval: 'eval-curves.f32',
  evalTruth: 'eval-truth.f64',
} as const;

function bytesOf(array: Float32Array | Float64Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** Writes the arrays of one data set into `dir` (which must exist); each file atomically, header last. */
export async function writeDatasetArrays(
  dir: string,
  arrays: { model: CurveSet; labels: LabelSet; eval?: CurveSet | null; evalTruth?: LabelSet | null },
): Promise<DatasetArraysHeader> {
  const { model, labels } = arrays;
  const evalSet = arrays.eval ?? null;
  const evalTruth = arrays.evalTruth ?? null;
  if (labels.count !== model.count) throw new RangeError(`labels (${labels.count}) and curves (${model.count}) differ in count`);
  if (evalSet && evalSet.length !== model.length) throw new RangeError('eval curves differ in length from model curves');
  if (evalTruth && (!evalSet || evalTruth.count !== evalSet.count)) throw new RangeError('eval truth does not match the eval curves');
  await writeFileAtomic(join(dir, DATASET_FILES.model), bytesOf(Float32Array.from(model.data)));
  await writeFileAtomic(join(dir, DATASET_FILES.labels), bytesOf(labels.data));
  if (evalSet) await writeFileAtomic(join(dir, DATASET_FILES.eval), bytesOf(Float32Array.from(evalSet.data)));
  if (evalTruth) await writeFileAtomic(join(dir, DATASET_FILES.evalTruth), bytesOf(evalTruth.data));
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

async function readFloats<T extends Float32Array | Float64Array>(
  path: string,
  kind: { new (buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number },
  expected: number,
): Promise<T> {
  const bytes = await fs.readFile(path);
  if (bytes.byteLength !== expected * kind.BYTES_PER_ELEMENT) {
    throw new RangeError(`${path}: expected ${expected * kind.BYTES_PER_ELEMENT} bytes, found ${bytes.byteLength}`);
  }
  // Copy into an aligned buffer of its own: Node's pooled Buffers may share and misalign memory.
  const buffer = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(buffer).set(bytes);
  return new kind(buffer);
}

/** Reads and checks the header of the arrays in `dir`. */
export async function readDatasetHeader(dir: string): Promise<DatasetArraysHeader> {
  const path = join(dir, DATASET_FILES.header);
  const header = JSON.parse(await fs.readFile(path, 'utf8')) as DatasetArraysHeader;
  if (header.format !== 'spin-echo-arrays/1') throw new RangeError(`${path}: unknown format ${String(header.format)}`);
  return header;
}

/** Reads every array of the data set stored in `dir`. */
export async function readDatasetArrays(dir: string): Promise<DatasetArrays> {
  const header = await readDatasetHeader(dir);
  const { length, modelCount, evalCount } = header;
  const model = await readFloats(join(dir, DATASET_FILES.model), Float32Array, modelCount * length * 2);
  const labels = await readFloats(join(dir, DATASET_FILES.labels), Float64Array, modelCount * 3);
  const evalData = evalCount > 0 ? await readFloats(join(dir, DATASET_FILES.eval), Float32Array, evalCount * length * 2) : null;
  const truth = header.hasEvalTruth ? await readFloats(join(dir, DATASET_FILES.evalTruth), Float64Array, evalCount * 3) : null;
  return {
    header,
    model: { count: modelCount, length, data: model },
    labels: { count: modelCount, data: labels },
    eval: evalData ? { count: evalCount, length, data: evalData } : null,
    evalTruth: truth ? { count: evalCount, data: truth } : null,
  };
}
