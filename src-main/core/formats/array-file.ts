// Typed arrays stored as files in the workspace: a small header (magic, element type, shape, byte
// length, CRC-32) and the raw little-endian values, so that a file cut short or changed on disk is
// refused when read back instead of becoming numbers. Files written before the header existed
// (raw values only) are still read, unchecked, when their size fits the expected shape.
import { promises as fs } from 'node:fs';
import { writeFileAtomic } from '../files/atomic-write.ts';
import { crc32 } from '../files/checksum.ts';
import { DamagedFileError } from '../files/damaged-file.ts';

export type ArrayDtype = 'float32' | 'float64';

const MAGIC = 'SEWARRAY';
const KINDS = { float32: Float32Array, float64: Float64Array } as const;

interface ArrayFileHeader {
  readonly dtype: ArrayDtype;
  readonly shape: readonly number[];
  readonly byteLength: number;
  readonly crc32: number;
}

type ArrayOf<D extends ArrayDtype> = D extends 'float32' ? Float32Array : Float64Array;

function elementsOf(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

function bytesOf(array: Float32Array | Float64Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** The file's bytes: header, then the values 8-byte aligned. */
export function encodeArrayFile(array: Float32Array | Float64Array, shape: readonly number[]): Uint8Array {
  if (elementsOf(shape) !== array.length) throw new RangeError(`shape [${shape.join(', ')}] holds ${elementsOf(shape)} values, the array ${array.length}`);
  const values = bytesOf(array);
  const header: ArrayFileHeader = { dtype: array instanceof Float32Array ? 'float32' : 'float64', shape: [...shape], byteLength: values.byteLength, crc32: crc32(values) };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align8(MAGIC.length + 4 + json.byteLength);
  const bytes = new Uint8Array(dataStart + values.byteLength);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(bytes.buffer).setUint32(MAGIC.length, json.byteLength, true);
  bytes.set(json, MAGIC.length + 4);
  bytes.set(values, dataStart);
  return bytes;
}

/** Writes a typed array with its header, atomically. */
export async function writeArrayFile(path: string, array: Float32Array | Float64Array, shape: readonly number[]): Promise<{ dtype: ArrayDtype; shape: number[] }> {
  await writeFileAtomic(path, encodeArrayFile(array, shape));
  return { dtype: array instanceof Float32Array ? 'float32' : 'float64', shape: [...shape] };
}

function hasMagic(bytes: Uint8Array): boolean {
  return bytes.byteLength >= MAGIC.length + 4 && String.fromCharCode(...bytes.subarray(0, MAGIC.length)) === MAGIC;
}

function copyAligned<T extends Float32Array | Float64Array>(kind: { new (buffer: ArrayBuffer): T }, bytes: Uint8Array): T {
  // A buffer of its own: Node's pooled Buffers may share and misalign memory.
  const buffer = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(buffer).set(bytes);
  return new kind(buffer);
}

/**
 * Decodes a file's bytes, expecting `dtype` and `shape`; throws DamagedFileError (naming `path`
 * and `remedy`) when the header, the length or the checksum does not match.
 */
export function decodeArrayFile<D extends ArrayDtype>(
  bytes: Uint8Array,
  path: string,
  dtype: D,
  shape: readonly number[],
  remedy: string,
): ArrayOf<D> {
  const kind = KINDS[dtype] as unknown as { new (buffer: ArrayBuffer): ArrayOf<D>; BYTES_PER_ELEMENT: number };
  const expectedBytes = elementsOf(shape) * kind.BYTES_PER_ELEMENT;
  const damaged = (reason: string): never => {
    throw new DamagedFileError(path, reason, remedy);
  };
  if (!hasMagic(bytes)) {
    // Written before array files had a header: only its length can be checked.
    if (bytes.byteLength !== expectedBytes) damaged(`expected ${expectedBytes} bytes for ${dtype} [${shape.join(', ')}], found ${bytes.byteLength}`);
    return copyAligned(kind, bytes);
  }
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAGIC.length, true);
  const jsonEnd = MAGIC.length + 4 + jsonLength;
  if (jsonEnd > bytes.byteLength) damaged('its header is cut short');
  let header: ArrayFileHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, jsonEnd))) as ArrayFileHeader;
  } catch {
    return damaged('its header is unreadable');
  }
  if (header.dtype !== dtype || JSON.stringify(header.shape) !== JSON.stringify([...shape])) {
    damaged(`it holds ${String(header.dtype)} [${String(header.shape)}], not the ${dtype} [${shape.join(', ')}] recorded for it`);
  }
  const values = bytes.subarray(align8(jsonEnd));
  if (header.byteLength !== expectedBytes || values.byteLength !== expectedBytes) damaged(`expected ${expectedBytes} bytes of values, found ${values.byteLength}`);
  if (crc32(values) !== header.crc32) damaged('its checksum does not match its content');
  return copyAligned(kind, values);
}

/** Reads and checks an array file (see decodeArrayFile). */
export async function readArrayFile<D extends ArrayDtype>(
  path: string,
  dtype: D,
  shape: readonly number[],
  remedy: string,
): Promise<ArrayOf<D>> {
  return decodeArrayFile(await fs.readFile(path), path, dtype, shape, remedy);
}

/** What to do about a run's damaged array file. */
const ARTIFACT_REMEDY = 'the run\'s stored results cannot be used: clone the run to train it again, or restore the workspace from a backup';

/** Reads a run artifact's array file (predictions, saliency), checked against its header, length and checksum. */
export async function readArtifactFile(path: string, dtype: ArrayDtype, shape: readonly number[]): Promise<Float32Array | Float64Array> {
  return readArrayFile(path, dtype, shape, ARTIFACT_REMEDY);
}
