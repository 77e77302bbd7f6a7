// The shipped arrays of a demo data set: float32 curves and float64 labels, little-endian, split
// into byte planes (all first bytes, then all second bytes...) and gzip-compressed. Byte planes put
// the slowly varying sign and exponent bytes side by side: gzip then saves about a fifth of the
// curves' size instead of a twentieth.
import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants as zlibConstants, gunzip, gzip } from 'node:zlib';
import { InputError } from '../errors.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';
import type { CurveSet, LabelSet } from '../formats/curves.ts';
import type { KernelName } from '../physics/kernels.ts';
import { DATASET_FILES } from '../formats/dataset-files.ts';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export const DEMO_PARTS = ['model', 'labels', 'eval', 'evalTruth'] as const;
export type DemoPart = (typeof DEMO_PARTS)[number];

/** A demo data set in memory: the curves in float32, as the workspace stores them. */
export interface DemoArrays {
  readonly model: CurveSet & { readonly data: Float32Array };
  readonly labels: LabelSet;
  readonly eval: (CurveSet & { readonly data: Float32Array }) | null;
  readonly evalTruth: LabelSet | null;
}

/** The shape a demo data set must have: what its recipe promises. */
export interface DemoShape {
  readonly kernel: KernelName;
  readonly modelCount: number;
  readonly evalCount: number;
  /** Time points per curve. */
  readonly length: number;
}

/** File name of one part of a kernel's demo data set, e.g. `gauss-model-curves.f32.gz`. */
export function demoFileName(kernel: KernelName, part: DemoPart): string {
  return `${kernel}-${DATASET_FILES[part]}.gz`;
}

// Typed arrays use the platform's byte order; every platform Node and Electron ship for is
// little-endian, and the files say so, so a big-endian one is refused rather than misread.
function requireLittleEndian(): void {
  if (endianness() !== 'LE') throw new Error('the demo arrays are little-endian; this platform is not');
}

function toBytePlanes(bytes: Uint8Array, elementSize: number): Uint8Array {
  const count = bytes.length / elementSize;
  const planes = new Uint8Array(bytes.length);
  for (let byte = 0; byte < elementSize; byte++) {
    const offset = byte * count;
    for (let i = 0; i < count; i++) planes[offset + i] = bytes[i * elementSize + byte];
  }
  return planes;
}

function fromBytePlanes(planes: Uint8Array, elementSize: number): Uint8Array {
  const count = planes.length / elementSize;
  const bytes = new Uint8Array(planes.length);
  for (let byte = 0; byte < elementSize; byte++) {
    const offset = byte * count;
    for (let i = 0; i < count; i++) bytes[i * elementSize + byte] = planes[offset + i];
  }
  return bytes;
}

export interface WrittenDemoFile {
  readonly name: string;
  /** Size of the compressed file. */
  readonly bytes: number;
  /** Size of the array it holds. */
  readonly arrayBytes: number;
}

async function writePart(dir: string, kernel: KernelName, part: DemoPart, array: Float32Array | Float64Array): Promise<WrittenDemoFile> {
  const raw = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  const compressed = await gzipAsync(toBytePlanes(raw, array.BYTES_PER_ELEMENT), { level: zlibConstants.Z_BEST_COMPRESSION });
  const name = demoFileName(kernel, part);
  await writeFileAtomic(join(dir, name), compressed);
  return { name, bytes: compressed.byteLength, arrayBytes: raw.byteLength };
}

/** Writes the parts of one demo data set into `dir` (which must exist), each file atomically. */
export async function writeDemoArrays(dir: string, kernel: KernelName, arrays: DemoArrays): Promise<WrittenDemoFile[]> {
  requireLittleEndian();
  const written = [await writePart(dir, kernel, 'model', arrays.model.data), await writePart(dir, kernel, 'labels', arrays.labels.data)];
  if (arrays.eval) written.push(await writePart(dir, kernel, 'eval', arrays.eval.data));
  if (arrays.evalTruth) written.push(await writePart(dir, kernel, 'evalTruth', arrays.evalTruth.data));
  return written;
}

async function readPart<T extends Float32Array | Float64Array>(
  dir: string,
  kernel: KernelName,
  part: DemoPart,
  kind: { new (buffer: ArrayBuffer): T; readonly BYTES_PER_ELEMENT: number },
  elements: number,
): Promise<T> {
  const path = join(dir, demoFileName(kernel, part));
  const expected = elements * kind.BYTES_PER_ELEMENT;
  let planes: Uint8Array;
  try {
    // One byte more than expected is allowed through, so that a longer array is seen as such.
    planes = await gunzipAsync(await readFile(path), { maxOutputLength: expected + 1 });
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? `it holds more than the ${expected} bytes expected` : error instanceof Error ? error.message : String(error);
    throw new InputError(`the demo file ${path} cannot be read: ${reason}`);
  }
  if (planes.byteLength !== expected) throw new InputError(`the demo file ${path} holds ${planes.byteLength} bytes, expected ${expected}`);
  const bytes = fromBytePlanes(planes, kind.BYTES_PER_ELEMENT);
  return new kind(bytes.buffer as ArrayBuffer);
}

/** Reads one demo data set from `dir`, checking every part against the shape its recipe promises. */
export async function readDemoArrays(dir: string, shape: DemoShape): Promise<DemoArrays> {
  requireLittleEndian();
  const { kernel, modelCount, evalCount, length } = shape;
  const model = await readPart(dir, kernel, 'model', Float32Array, modelCount * length * 2);
  const labels = await readPart(dir, kernel, 'labels', Float64Array, modelCount * 3);
  if (evalCount === 0) return { model: { count: modelCount, length, data: model }, labels: { count: modelCount, data: labels }, eval: null, evalTruth: null };
  const evalCurves = await readPart(dir, kernel, 'eval', Float32Array, evalCount * length * 2);
  const evalTruth = await readPart(dir, kernel, 'evalTruth', Float64Array, evalCount * 3);
  return {
    model: { count: modelCount, length, data: model },
    labels: { count: modelCount, data: labels },
    eval: { count: evalCount, length, data: evalCurves },
    evalTruth: { count: evalCount, data: evalTruth },
  };
}
